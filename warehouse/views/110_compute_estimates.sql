-- Training compute per paper (extracted) and per reference model, by the study's three
-- measures, with the device time, energy and CO2 it implies. Extracted rows use only the
-- facts that pass the plausibility checks (the checked_* views).
-- columns:
--   source: 'extracted', or the reference dataset
--   paper_key: arXiv id for extracted rows; the model name for reference rows
--   arxiv_id: the paper's arXiv id, where known
--   reference_benchmark: the reference file the row comes from (null for extracted rows)
--   reference_row: the row of the reference file (null for extracted rows)
--   year: publication year
--   published: publication date (reference rows: 1 July of their year)
--   accelerator: the main training accelerator (most devices), canonical name
--   devices: how many, in the catalog's unit (TPU cores and boards converted to chips)
--   training_hours: the longest wall-clock training time the paper states
--   device_hours: device time: stated (GPU-hours, TPU core-hours) or devices x training hours
--   ops_forward_pass: operations of one forward pass, FLOPs (multiply-adds count 2)
--   network_operations: training operations, FLOPs: stated totals (PF-days x 8.64e19), or the reference's FLOPs x 3 x epochs x examples
--   hardware_burden: devices x peak FLOP/s x seconds at 100% of the FP32 peak (tensor peak for TPUs), as the study computed it
--   tensor_estimate: device time x tensor peak x utilisation (assumptions: utilisation, utilisation_llm)
--   energy_kwh: device time x TDP x PUE (assumption: pue)
--   co2_kg: energy x grid intensity (assumption: grid_kg_co2_per_kwh)
create or replace view compute_estimates as
with settings as (
    select max(value) filter (where name = 'utilisation') as utilisation,
           max(value) filter (where name = 'utilisation_llm') as utilisation_llm,
           max(value) filter (where name = 'pue') as pue,
           max(value) filter (where name = 'grid_kg_co2_per_kwh') as grid,
           max(value) filter (where name = 'tpu_cores_per_chip') as cores_per_chip,
           max(value) filter (where name = 'tpu_chips_per_board') as chips_per_board
    from assumptions
),
hardware as (
    select h.arxiv_id, h.accelerator, c.fp32_tflops, c.tensor_tflops, c.tdp_watts,
           case when c.kind = 'tpu' and h.count_unit = 'cores' then h.count / s.cores_per_chip
                when c.kind = 'tpu' and h.count_unit = 'boards' then h.count * s.chips_per_board
                else h.count end as devices,
           row_number() over (partition by h.arxiv_id
                              order by h.count desc, h.accelerator) as rank
    from checked_hardware h
    join accelerators c on c.canonical = h.accelerator
    cross join settings s
    where h.role = 'training' and h.count is not null
),
hours as (
    select arxiv_id, max(hours) as training_hours from checked_training_time group by 1
),
stated_device_hours as (
    select arxiv_id, max(device_hours) as device_hours from checked_device_time group by 1
),
forward as (
    select arxiv_id,
           max(case unit when 'MACs' then 2 * value when 'FLOPs' then value end) as ops
    from checked_compute where kind = 'per_forward' group by 1
),
total as (
    select arxiv_id,
           max(case unit when 'FLOPs' then value when 'MACs' then 2 * value
                         when 'PF-days' then value * 8.64e19 end) as ops
    from checked_compute where kind = 'training_total' group by 1
),
size as (select arxiv_id, max(value) as parameters from checked_parameters group by 1),
extracted as (
    select p.arxiv_id, year(p.published) as year, p.published::date as published,
           hw.accelerator, hw.devices, hours.training_hours,
           coalesce(sd.device_hours, hw.devices * hours.training_hours) as device_hours,
           forward.ops as ops_forward_pass, total.ops as network_operations,
           coalesce(hw.fp32_tflops, hw.tensor_tflops) as peak_tflops, hw.tensor_tflops,
           hw.tdp_watts, size.parameters
    from papers p
    left join hardware hw on hw.arxiv_id = p.arxiv_id and hw.rank = 1
    left join hours on hours.arxiv_id = p.arxiv_id
    left join stated_device_hours sd on sd.arxiv_id = p.arxiv_id
    left join forward on forward.arxiv_id = p.arxiv_id
    left join total on total.arxiv_id = p.arxiv_id
    left join size on size.arxiv_id = p.arxiv_id
    where p.status = 'ok'
)
select 'extracted' as source, e.arxiv_id as paper_key, e.arxiv_id,
       null::varchar as reference_benchmark, null::integer as reference_row, e.year,
       e.published, e.accelerator, e.devices, e.training_hours, e.device_hours,
       e.ops_forward_pass, e.network_operations,
       e.device_hours * e.peak_tflops * 1e12 * 3600 as hardware_burden,
       e.device_hours * e.tensor_tflops * 1e12 * 3600
           * case when e.parameters >= 1e9 then s.utilisation_llm else s.utilisation end
           as tensor_estimate,
       e.device_hours * e.tdp_watts / 1000 * s.pue as energy_kwh,
       e.device_hours * e.tdp_watts / 1000 * s.pue * s.grid as co2_kg
from extracted e
cross join settings s
union all
select m.source, m.name, m.arxiv_id, m.benchmark, m.row_number, m.year,
       make_date(m.year, 7, 1), coalesce(m.gpu_model, m.tpu_model),
       coalesce(m.gpu_amount, m.tpu_amount), m.training_time_sec / 3600,
       coalesce(m.gpu_amount, m.tpu_amount) * m.training_time_sec / 3600,
       coalesce(m.flops, 2 * m.multiadds), m.network_operations, m.hardware_burden,
       null, null, null
from reference_models m;
