-- The parameters facts after the user's corrections: those that pass the plausibility checks,
-- less those a correction rejects, with the values a correction replaces, and the facts a
-- correction adds. What the trend views read.
-- columns: those of paper_parameters, without checks
--   curation: extracted (as the rules found it), replaced or added
create or replace view curated_parameters as
with c as (select * from corrections where field = 'parameters'),
decided as (
    select f.*, c.action, c.new_values, c.quote as corrected_quote, c.page as corrected_page
    from checked_parameters f
    left join c on c.arxiv_id = f.arxiv_id and c.action in ('reject', 'replace')
        and (c.target->>'value')::double is not distinct from f.value::double
)
select arxiv_id, extractor_version,
       coalesce(new_values->>'model', model) as model,
       coalesce((new_values->>'value')::double, value) as value,
       coalesce(corrected_quote, quote) as quote, coalesce(corrected_page, page) as page,
       case when action = 'replace' then 'replaced' else 'extracted' end as curation
from decided
where action is distinct from 'reject'
union all
select c.arxiv_id, 'correction',
       (new_values->>'model'),
       (new_values->>'value')::double,
       c.quote, c.page, 'added'
from c
where c.action = 'add';
