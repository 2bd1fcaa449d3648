-- The results facts after the user's corrections: those that pass the plausibility checks,
-- less those a correction rejects, with the values a correction replaces, and the facts a
-- correction adds. What the trend views read.
-- columns: those of paper_results, without checks
--   curation: extracted (as the rules found it), replaced or added
create or replace view curated_results as
with c as (select * from corrections where field = 'results'),
decided as (
    select f.*, c.action, c.new_values, c.quote as corrected_quote, c.page as corrected_page
    from checked_results f
    left join c on c.arxiv_id = f.arxiv_id and c.action in ('reject', 'replace')
        and (c.target->>'benchmark') is not distinct from f.benchmark
        and (c.target->>'metric') is not distinct from f.metric
        and (c.target->>'value')::double is not distinct from f.value::double
)
select arxiv_id, extractor_version,
       coalesce(new_values->>'benchmark', benchmark) as benchmark,
       coalesce(new_values->>'metric', metric) as metric,
       coalesce(new_values->>'split', split) as split,
       coalesce((new_values->>'value')::double, value) as value,
       coalesce(new_values->>'model', model) as model,
       in_table,
       coalesce(corrected_quote, quote) as quote, coalesce(corrected_page, page) as page,
       case when action = 'replace' then 'replaced' else 'extracted' end as curation
from decided
where action is distinct from 'reject'
union all
select c.arxiv_id, 'correction',
       (new_values->>'benchmark'),
       (new_values->>'metric'),
       (new_values->>'split'),
       (new_values->>'value')::double,
       (new_values->>'model'),
       false,
       c.quote, c.page, 'added'
from c
where c.action = 'add';
