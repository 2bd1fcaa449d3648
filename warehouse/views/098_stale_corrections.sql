-- Corrections whose fact the rules no longer find (a rule or the paper changed): they
-- apply to nothing until their target is updated. `flopwatch corrections check` lists them.
-- columns:
--   line: the correction's line in its file
--   arxiv_id: the paper
--   field: the fact table
--   action: reject or replace
--   target: the fact's key values the correction names
--   why: the correction's reason
create or replace view stale_corrections as
select c.line, c.arxiv_id, c.field, c.action, c.target, c.why
from corrections c
where c.action in ('reject', 'replace') and not (
    (c.field = 'hardware' and exists (
        select 1 from checked_hardware f where f.arxiv_id = c.arxiv_id
        and (c.target->>'accelerator') is not distinct from f.accelerator and (c.target->>'count')::double is not distinct from f.count::double and (c.target->>'role') is not distinct from f.role))
    or
    (c.field = 'training_time' and exists (
        select 1 from checked_training_time f where f.arxiv_id = c.arxiv_id
        and (c.target->>'hours')::double is not distinct from f.hours::double))
    or
    (c.field = 'device_time' and exists (
        select 1 from checked_device_time f where f.arxiv_id = c.arxiv_id
        and (c.target->>'device_hours')::double is not distinct from f.device_hours::double))
    or
    (c.field = 'compute' and exists (
        select 1 from checked_compute f where f.arxiv_id = c.arxiv_id
        and (c.target->>'kind') is not distinct from f.kind and (c.target->>'value')::double is not distinct from f.value::double and (c.target->>'unit') is not distinct from f.unit))
    or
    (c.field = 'parameters' and exists (
        select 1 from checked_parameters f where f.arxiv_id = c.arxiv_id
        and (c.target->>'value')::double is not distinct from f.value::double))
    or
    (c.field = 'results' and exists (
        select 1 from checked_results f where f.arxiv_id = c.arxiv_id
        and (c.target->>'benchmark') is not distinct from f.benchmark and (c.target->>'metric') is not distinct from f.metric and (c.target->>'value')::double is not distinct from f.value::double))
)
order by c.line;
