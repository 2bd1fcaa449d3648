-- The training hardware each paper states, with its count in the catalog's unit: TPU
-- cores, boards and Cloud TPU 'devices' converted to chips (assumptions tpu_cores_per_chip,
-- tpu_chips_per_board). Only facts with a count that pass the plausibility checks; a
-- device named only by its kind ("32 GPUs") too, without datasheet figures.
-- columns:
--   arxiv_id: the paper
--   accelerator: the training accelerator, canonical name
--   count: how many, as the paper states it
--   count_unit: the unit the paper counts in (devices, chips, cores, boards)
--   devices: how many, in the catalog's unit
--   kind: gpu, tpu or cpu; null for a device the catalog has no figures for ("8 GPUs")
--   fp32_tflops: the accelerator's FP32 peak, TFLOP/s per device
--   tensor_tflops: the accelerator's tensor peak, TFLOP/s per device
--   tdp_watts: the accelerator's thermal design power, W per device
--   quote: the sentence the count comes from
--   page: its page
create or replace view training_devices as
with settings as (
    select max(value) filter (where name = 'tpu_cores_per_chip') as cores_per_chip,
           max(value) filter (where name = 'tpu_chips_per_board') as chips_per_board
    from assumptions
)
select h.arxiv_id, h.accelerator, h.count, h.count_unit,
       case when c.kind = 'tpu' and h.count_unit = 'cores' then h.count / s.cores_per_chip
            when c.kind = 'tpu' and h.count_unit = 'boards' then h.count * s.chips_per_board
            -- "64 TPUv2 devices": a Cloud TPU device is a board of 4 chips
            when c.kind = 'tpu' and regexp_matches(h.quote, '(?i)\bTPU[\w\- ]{0,6}devices?\b')
                then h.count * s.chips_per_board
            else h.count end as devices,
       c.kind, c.fp32_tflops, c.tensor_tflops, c.tdp_watts, h.quote, h.page
from curated_hardware h
left join accelerators c on c.canonical = h.accelerator
cross join settings s
where h.role = 'training' and h.count is not null;
