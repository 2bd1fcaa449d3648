-- Each paper's training cost as flopwatch extracted it, with its gaps filled from a record
-- of notable models (Epoch AI's) for the same arXiv id, and beside every value whose it is.
-- Of a paper with several models in the record, its model with the most training compute.
-- columns:
--   arxiv_id: the paper
--   published: its publication date (arXiv)
--   accelerator: the main training accelerator, canonical name
--   accelerator_source: 'extracted', the record's name (epoch), or null where neither has it
--   devices: how many (chips for TPUs)
--   devices_source: whose devices is
--   training_hours: wall-clock training time, hours
--   training_hours_source: whose training_hours is
--   parameters: model parameters (extracted: the paper's largest)
--   parameters_source: whose parameters is
--   training_compute: training compute, FLOPs (extracted: network_operations, else the tensor estimate of hardware x time)
--   training_compute_source: whose training_compute is
--   estimation_method: how training_compute is known (compute_estimates' methods, or the record's as its note names it)
--   reference_model: the record's model the filled values come from
create or replace view filled_compute as
with extracted as (
    select e.*, coalesce(e.network_operations, e.tensor_estimate) as compute,
           case when e.network_operations is not null then e.estimation_method
                when e.tensor_estimate is not null then 'hardware x time' end as method
    from compute_estimates e where e.source = 'extracted'
),
size as (select arxiv_id, max(value) as parameters from curated_parameters group by 1),
record as (
    select * from reference_notable_models where arxiv_id is not null
    qualify row_number() over (partition by source, arxiv_id
                               order by training_compute desc nulls last,
                                        parameters desc nulls last, row_number) = 1
)
select e.arxiv_id, e.published,
       coalesce(e.accelerator, r.accelerators[1]) as accelerator,
       value_source(e.accelerator, r.accelerators[1], r.source) as accelerator_source,
       coalesce(e.devices, r.hardware_quantity) as devices,
       value_source(e.devices, r.hardware_quantity, r.source) as devices_source,
       coalesce(e.training_hours, r.training_hours) as training_hours,
       value_source(e.training_hours, r.training_hours, r.source) as training_hours_source,
       coalesce(s.parameters, r.parameters) as parameters,
       value_source(s.parameters, r.parameters, r.source) as parameters_source,
       coalesce(e.compute, r.training_compute) as training_compute,
       value_source(e.compute, r.training_compute, r.source) as training_compute_source,
       case when e.compute is not null then e.method else r.compute_method end
           as estimation_method,
       r.name as reference_model
from extracted e
left join size s on s.arxiv_id = e.arxiv_id
left join record r on r.arxiv_id = e.arxiv_id;
