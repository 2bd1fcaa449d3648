-- The hardware facts after the user's corrections: those that pass the plausibility checks,
-- less those a correction rejects, with the values a correction replaces, and the facts a
-- correction adds. What the trend views read.
-- columns: those of paper_hardware, without checks
--   curation: extracted (as the rules found it), replaced or added
create or replace view curated_hardware as
with c as (select * from corrections where field = 'hardware'),
decided as (
    select f.*, c.action, c.new_values, c.quote as corrected_quote, c.page as corrected_page
    from checked_hardware f
    left join c on c.arxiv_id = f.arxiv_id and c.action in ('reject', 'replace')
        and (c.target->>'accelerator') is not distinct from f.accelerator
        and (c.target->>'count')::double is not distinct from f.count::double
        and (c.target->>'role') is not distinct from f.role
)
select arxiv_id, extractor_version,
       coalesce(new_values->>'accelerator', accelerator) as accelerator,
       coalesce((new_values->>'count')::double::integer, count) as count,
       coalesce(new_values->>'count_unit', count_unit) as count_unit,
       coalesce(new_values->>'role', role) as role,
       coalesce(corrected_quote, quote) as quote, coalesce(corrected_page, page) as page,
       case when action = 'replace' then 'replaced' else 'extracted' end as curation
from decided
where action is distinct from 'reject'
union all
select c.arxiv_id, 'correction',
       (new_values->>'accelerator'),
       (new_values->>'count')::double::integer,
       (new_values->>'count_unit'),
       (new_values->>'role'),
       c.quote, c.page, 'added'
from c
where c.action = 'add';
