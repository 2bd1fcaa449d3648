-- Which version of the extraction rules produced the facts in the warehouse.
-- columns:
--   extractor_version: version of the extraction rules
--   papers: papers extracted by it
--   mentions: mentions it found
--   share_of_papers: its share of all extracted papers, 0 to 1
create or replace view facts_by_extractor as
select extractor_version, count(*) as papers, sum(mention_count) as mentions,
       count(*) / sum(count(*)) over () as share_of_papers
from extractions
group by all;
