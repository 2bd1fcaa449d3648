-- The compute facts after the user's corrections: those that pass the plausibility checks,
-- less those a correction rejects, with the values a correction replaces, and the facts a
-- correction adds. What the trend views read.
-- columns: those of paper_compute, without checks
--   curation: extracted (as the rules found it), replaced or added
create or replace view curated_compute as
with c as (select * from corrections where field = 'compute'),
decided as (
    select f.*, c.action, c.new_values, c.quote as corrected_quote, c.page as corrected_page
    from checked_compute f
    left join c on c.arxiv_id = f.arxiv_id and c.action in ('reject', 'replace')
        and (c.target->>'kind') is not distinct from f.kind
        and (c.target->>'value')::double is not distinct from f.value::double
        and (c.target->>'unit') is not distinct from f.unit
)
select arxiv_id, extractor_version,
       coalesce(new_values->>'kind', kind) as kind,
       coalesce((new_values->>'value')::double, value) as value,
       coalesce(new_values->>'unit', unit) as unit,
       coalesce(new_values->>'subject', subject) as subject,
       coalesce(corrected_quote, quote) as quote, coalesce(corrected_page, page) as page,
       case when action = 'replace' then 'replaced' else 'extracted' end as curation
from decided
where action is distinct from 'reject'
union all
select c.arxiv_id, 'correction',
       (new_values->>'kind'),
       (new_values->>'value')::double,
       (new_values->>'unit'),
       (new_values->>'subject'),
       c.quote, c.page, 'added'
from c
where c.action = 'add';
