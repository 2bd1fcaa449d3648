-- Each paper's training setup, paper-wide (benchmark null) and, where a sentence names a
-- trend benchmark, for that benchmark: which accelerators, how many, for how long, and the
-- hardware burden that makes. A training time whose sentence names the benchmark wins
-- ("The ImageNet experiments took approximately 3 days"); then a time stated in one
-- sentence with the devices ("4.5 days on 64 TPUv2 devices"); then the longest. The
-- devices are those stated with the chosen time, else the most devices. A benchmark's row
-- takes what its sentences do not say from the paper-wide row. Only facts that pass the
-- plausibility checks.
-- columns:
--   arxiv_id: the paper
--   benchmark: the trend benchmark the setup is for; null for the paper-wide setup
--   accelerator: the training accelerator, canonical name
--   devices: how many, in the catalog's unit (TPU cores, boards and Cloud TPU 'devices' converted to chips)
--   training_hours: the chosen wall-clock training time
--   subject: what the training time is stated for, where the paper says
--   device_hours: device time: stated (GPU-hours, TPU core-hours as chip-hours) or devices x training hours
--   peak_tflops: the accelerator's FP32 peak (tensor peak for TPUs), TFLOP/s per device
--   tensor_tflops: the accelerator's tensor peak, TFLOP/s per device
--   tdp_watts: the accelerator's thermal design power, W per device
--   hardware_burden: device_hours x peak FLOP/s x seconds, as the study computed it
--   hardware_quote: the sentence the devices come from
--   time_quote: the sentence the training time comes from
create or replace view training_setups as
with settings as (
    select max(value) filter (where name = 'tpu_cores_per_chip') as cores_per_chip
    from assumptions
),
-- the devices whose datasheet figures the catalog has
hardware as (select * from training_devices where kind is not null),
most_devices as (
    select * from hardware
    qualify row_number() over (partition by arxiv_id order by devices desc, accelerator) = 1
),
-- the devices of each sentence that states some (the most, where it states several)
sentence_devices as (
    select * from hardware
    qualify row_number() over (partition by arxiv_id, quote
                               order by devices desc, accelerator) = 1
),
spellings as (
    select name as benchmark, unnest(spellings) as spelling
    from benchmarks where trend_metric is not null
),
times as (
    select t.arxiv_id, t.hours, t.subject, t.quote, d.arxiv_id is not null as paired
    from curated_training_time t
    left join sentence_devices d on d.arxiv_id = t.arxiv_id and d.quote = t.quote
),
device_times as (
    select arxiv_id, device_hours, device ilike '%core%' as per_core, quote
    from curated_device_time
),
-- candidates in each scope: every fact paper-wide, the facts whose sentence names it for a
-- benchmark
scoped_times as (
    select null::varchar as benchmark, * from times
    union all
    select distinct s.benchmark, t.* from times t join spellings s
        on contains(lower(t.quote), s.spelling)
),
scoped_device_times as (
    select null::varchar as benchmark, * from device_times
    union all
    select distinct s.benchmark, d.* from device_times d join spellings s
        on contains(lower(d.quote), s.spelling)
),
best_time as (
    select * from scoped_times
    qualify row_number() over (partition by benchmark, arxiv_id
                               order by paired desc, hours desc) = 1
),
best_device_time as (
    select * from scoped_device_times
    qualify row_number() over (partition by benchmark, arxiv_id order by device_hours desc) = 1
),
scopes as (
    select arxiv_id, benchmark from best_time
    union
    select arxiv_id, benchmark from best_device_time
    union
    select arxiv_id, null from most_devices
),
resolved as (
    select s.arxiv_id, s.benchmark,
           coalesce(t.hours, wt.hours) as training_hours,
           case when t.arxiv_id is not null then t.subject else wt.subject end as subject,
           coalesce(t.quote, wt.quote) as time_quote,
           coalesce(d.device_hours, wd.device_hours) as stated_device_hours,
           case when d.arxiv_id is not null then d.per_core else wd.per_core end as per_core
    from scopes s
    left join best_time t on t.arxiv_id = s.arxiv_id and t.benchmark = s.benchmark
    left join best_time wt on wt.arxiv_id = s.arxiv_id and wt.benchmark is null
    left join best_device_time d on d.arxiv_id = s.arxiv_id and d.benchmark = s.benchmark
    left join best_device_time wd on wd.arxiv_id = s.arxiv_id and wd.benchmark is null
),
final as (
    select r.arxiv_id, r.benchmark,
           coalesce(p.accelerator, m.accelerator) as accelerator,
           coalesce(p.devices, m.devices) as devices, r.training_hours, r.subject,
           -- TPU core-hours are half as many chip-hours: the catalog's figures are per chip
           coalesce(r.stated_device_hours
                        / case when r.per_core and coalesce(p.kind, m.kind) = 'tpu'
                               then s.cores_per_chip else 1 end,
                    coalesce(p.devices, m.devices) * r.training_hours) as device_hours,
           coalesce(p.fp32_tflops, p.tensor_tflops, m.fp32_tflops, m.tensor_tflops)
               as peak_tflops,
           coalesce(p.tensor_tflops, m.tensor_tflops) as tensor_tflops,
           coalesce(p.tdp_watts, m.tdp_watts) as tdp_watts,
           coalesce(p.quote, m.quote) as hardware_quote, r.time_quote
    from resolved r
    join papers pp on pp.arxiv_id = r.arxiv_id and pp.status = 'ok'
    left join sentence_devices p on p.arxiv_id = r.arxiv_id and p.quote = r.time_quote
    left join most_devices m on m.arxiv_id = r.arxiv_id
    cross join settings s
)
select arxiv_id, benchmark, accelerator, devices, training_hours, subject, device_hours,
       peak_tflops, tensor_tflops, tdp_watts,
       device_hours * peak_tflops * 1e12 * 3600 as hardware_burden, hardware_quote, time_quote
from final;
