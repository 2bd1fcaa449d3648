-- How much the warehouse knows, per publication year: papers, and papers with each kind of fact.
-- columns:
--   year: publication year
--   papers: papers ingested (any status)
--   readable: papers whose PDF was read (status ok)
--   with_hardware: papers with at least one hardware fact
--   with_training_time: papers with a training time
--   with_compute: papers with an operation count
--   with_results: papers with a benchmark result
create or replace view coverage as
select year(p.published) as year,
       count(*) as papers,
       count(*) filter (where p.status = 'ok') as readable,
       count(*) filter (where p.arxiv_id in (select arxiv_id from curated_hardware))
           as with_hardware,
       count(*) filter (where p.arxiv_id in (select arxiv_id from curated_training_time))
           as with_training_time,
       count(*) filter (where p.arxiv_id in (select arxiv_id from curated_compute))
           as with_compute,
       count(*) filter (where p.arxiv_id in (select arxiv_id from curated_results))
           as with_results
from papers p
group by all;
