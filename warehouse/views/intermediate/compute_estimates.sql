-- Training compute per paper (extracted) and per reference model, by the study's three
-- measures, with the device time, energy and CO2 it implies. Extracted rows use only the
-- facts that pass the plausibility checks, as corrected (the curated_* views).
-- columns:
--   source: 'extracted', or the reference dataset
--   paper_key: arXiv id for extracted rows; the model name for reference rows
--   arxiv_id: the paper's arXiv id, where known
--   reference_benchmark: the reference file the row comes from (null for extracted rows and records of notable models)
--   reference_row: the row of the reference file (reference_models or reference_notable_models; null for extracted rows)
--   year: publication year
--   published: publication date (thompson2022 rows: 1 July of their year)
--   accelerator: the main training accelerator, canonical name (paper-wide setup of training_setups)
--   devices: how many, in the catalog's unit (TPU cores and boards converted to chips)
--   training_hours: the setup's training time: stated in one sentence with the devices, else the longest the paper states
--   device_hours: device time: stated (GPU-hours, TPU core-hours as chip-hours) or devices x training hours
--   ops_forward_pass: operations of one forward pass, FLOPs (multiply-adds count 2)
--   network_operations: training operations, FLOPs: a stated total (PF-days x 8.64e19), else counted for the paper's best model (model_results); thompson2022's FLOPs x 3 x epochs x examples; a record of notable models' training compute
--   estimation_method: how the training compute is known: 'stated total', 'operation counting', 'parameters x tokens' (network_operations), else 'hardware x time' (hardware_burden only); null when neither. A record of notable models: the method its compute note names, including 'hardware x time' (its network_operations then rests on its own utilisation), 'another model's' and 'other'
--   hardware_burden: devices x peak FLOP/s x seconds at 100% of the FP32 peak (tensor peak for TPUs), as the study computed it
--   tensor_estimate: device time x tensor peak x utilisation (assumptions: utilisation, utilisation_llm)
--   energy_kwh: device time x TDP x PUE (assumption: pue)
--   co2_kg: energy x grid intensity (assumption: grid_kg_co2_per_kwh)
--   training_subject: the model the setup's training time is stated for, where the paper says
create or replace view compute_estimates as
with settings as (
    select max(value) filter (where name = 'utilisation') as utilisation,
           max(value) filter (where name = 'utilisation_llm') as utilisation_llm,
           max(value) filter (where name = 'pue') as pue,
           max(value) filter (where name = 'grid_kg_co2_per_kwh') as grid
    from assumptions
),
counted as (
    -- the paper's best own model (else best model) that has counted training operations
    select arxiv_id, network_operations, estimation_method
    from model_results
    where network_operations is not null
    qualify row_number() over (partition by arxiv_id
                               order by own desc, error, model, variant) = 1
),
forward as (
    select arxiv_id, max(as_flops(value, unit)) as ops
    from curated_compute where kind = 'per_forward' group by 1
),
total as (
    select arxiv_id, max(as_flops(value, unit)) as ops
    from curated_compute where kind = 'training_total' group by 1
),
size as (select arxiv_id, max(value) as parameters from curated_parameters group by 1),
extracted as (
    select p.arxiv_id, year(p.published) as year, p.published::date as published,
           t.accelerator, t.devices, t.training_hours, t.subject, t.device_hours,
           t.hardware_burden, forward.ops as ops_forward_pass,
           coalesce(total.ops, counted.network_operations) as network_operations,
           case when total.ops is not null then 'stated total'
                else counted.estimation_method end as ops_method,
           t.peak_tflops, t.tensor_tflops, t.tdp_watts, size.parameters
    from papers p
    left join training_setups t on t.arxiv_id = p.arxiv_id and t.benchmark is null
    left join forward on forward.arxiv_id = p.arxiv_id
    left join total on total.arxiv_id = p.arxiv_id
    left join counted on counted.arxiv_id = p.arxiv_id
    left join size on size.arxiv_id = p.arxiv_id
    where p.status = 'ok'
)
select 'extracted' as source, e.arxiv_id as paper_key, e.arxiv_id,
       null::varchar as reference_benchmark, null::integer as reference_row, e.year,
       e.published, e.accelerator, e.devices, e.training_hours, e.device_hours,
       e.ops_forward_pass, e.network_operations,
       coalesce(e.ops_method, case when e.hardware_burden > 0
                                   then 'hardware x time' end) as estimation_method,
       e.hardware_burden,
       e.device_hours * e.tensor_tflops * 1e12 * 3600
           * case when e.parameters >= 1e9 then s.utilisation_llm else s.utilisation end
           as tensor_estimate,
       e.device_hours * e.tdp_watts / 1000 * s.pue as energy_kwh,
       e.device_hours * e.tdp_watts / 1000 * s.pue * s.grid as co2_kg,
       e.subject as training_subject
from extracted e
cross join settings s
union all
select m.source, m.name, m.arxiv_id, m.benchmark, m.row_number, m.year,
       make_date(m.year, 7, 1), coalesce(m.gpu_model, m.tpu_model),
       coalesce(m.gpu_amount, m.tpu_amount), m.training_time_sec / 3600,
       coalesce(m.gpu_amount, m.tpu_amount) * m.training_time_sec / 3600,
       coalesce(m.flops, 2 * m.multiadds), m.network_operations,
       case when m.network_operations is not null then 'operation counting'
            when m.hardware_burden is not null then 'hardware x time' end,
       m.hardware_burden,
       null, null, null, null
from reference_models m
union all
-- a record of notable models: its training compute as the record has it, with the
-- method its note names
select n.source, n.name, n.arxiv_id, null, n.row_number, year(n.published), n.published,
       n.accelerators[1], n.hardware_quantity, n.training_hours,
       n.hardware_quantity * n.training_hours, null, n.training_compute, n.compute_method,
       null, null, null, null, null
from reference_notable_models n;
