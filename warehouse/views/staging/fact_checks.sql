-- Facts held back by a plausibility check, one row per fact and check it failed: why a value
-- the rules found is not in the trends. `flopwatch evaluate` counts the same on extractor
-- output, against the gold.
-- columns:
--   arxiv_id: the paper
--   extractor_version: version of the extraction rules that found the fact
--   field: the fact table: hardware, training_time, device_time, compute, parameters, results
--   check_name: the check it failed (a row of plausibility_checks)
--   description: what the check tests
--   fact: the fact's values (the fact table's columns), as JSON
--   quote: the sentence or table row it was read from
--   page: 1-based PDF page of the quote
create or replace view fact_checks as
with failing as (
    select arxiv_id, extractor_version, 'hardware' as field, checks, quote, page,
           to_json(struct_pack(accelerator, count, count_unit, role)) as fact
    from paper_hardware where len(checks) > 0
    union all
    select arxiv_id, extractor_version, 'training_time', checks, quote, page,
           to_json(struct_pack(hours, hours_low, subject))
    from paper_training_time where len(checks) > 0
    union all
    select arxiv_id, extractor_version, 'device_time', checks, quote, page,
           to_json(struct_pack(device_hours, device))
    from paper_device_time where len(checks) > 0
    union all
    select arxiv_id, extractor_version, 'compute', checks, quote, page,
           to_json(struct_pack(kind, value, unit, subject))
    from paper_compute where len(checks) > 0
    union all
    select arxiv_id, extractor_version, 'parameters', checks, quote, page,
           to_json(struct_pack(model, value))
    from paper_parameters where len(checks) > 0
    union all
    select arxiv_id, extractor_version, 'results', checks, quote, page,
           to_json(struct_pack(benchmark, metric, split, value, model, in_table))
    from paper_results where len(checks) > 0
)
select f.arxiv_id, f.extractor_version, f.field, u.check_name, c.description, f.fact,
       f.quote, f.page
from failing f
cross join unnest(f.checks) as u(check_name)
left join plausibility_checks c on c.name = u.check_name
order by f.arxiv_id, f.field, check_name;
