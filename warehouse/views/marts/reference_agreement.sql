-- For papers in both a reference dataset and the warehouse: does flopwatch's value agree
-- with the reference's, field by field, with the quote flopwatch read it from. One row per
-- reference model and field where the reference has a value. Agreement: the same
-- accelerator; the same device count; training time and FLOPs per pass within 10%;
-- hardware burden within 2x; parameters within 5%; a score within 0.5 points (a score
-- printed as a fraction read as points); and for a model with both FLOPs and a score, a
-- model row of the paper with both (flops_and_score).
-- columns:
--   source: the reference dataset
--   arxiv_id: the paper
--   benchmark: the reference file's benchmark
--   reference_row: the model's row in reference_models
--   reference_model: the model as the reference names it
--   field: hardware, count, training_time, hardware_burden, ops_forward_pass, parameters, best_score (one row per metric) or flops_and_score
--   metric: the metric, for best_score and flops_and_score
--   reference_value: the reference's value (hardware: the accelerator as it names it)
--   extracted_value: flopwatch's nearest value, as text (null: none found)
--   agrees: the two agree (see above); false when flopwatch has no value
--   tolerance: what agreeing means for the field
--   quote: the sentence or table row flopwatch read its value from
create or replace view reference_agreement as
with ref as (
    select m.*, coalesce(m.gpu_model, m.tpu_model) as accelerator_text,
           coalesce(m.gpu_amount, m.tpu_amount) as amount,
           coalesce(m.flops, 2 * m.multiadds) as ops
    from reference_models m
    join papers p on p.arxiv_id = m.arxiv_id and p.status = 'ok'
),
ref_accelerator as (
    -- the catalog's name for the reference's accelerator: its longest alias in the text
    select r.source, r.benchmark, r.row_number, a.canonical
    from ref r, accelerators a, unnest(a.aliases) as u(alias)
    where regexp_matches(lower(r.accelerator_text),
                         '\b' || regexp_escape(lower(u.alias)) || '\b')
    qualify row_number() over (partition by r.source, r.benchmark, r.row_number
                               order by length(u.alias) desc) = 1
),
setup as (
    -- flopwatch's training setup for the reference's benchmark, else the paper-wide one
    select r.source, r.benchmark, r.row_number,
           coalesce(b.accelerator, w.accelerator) as accelerator,
           coalesce(b.devices, w.devices) as devices,
           coalesce(b.training_hours, w.training_hours) as training_hours,
           coalesce(b.hardware_burden, w.hardware_burden) as hardware_burden,
           coalesce(b.hardware_quote, w.hardware_quote) as hardware_quote,
           coalesce(b.time_quote, w.time_quote) as time_quote
    from ref r
    left join training_setups b on b.arxiv_id = r.arxiv_id and b.benchmark = r.benchmark
    left join training_setups w on w.arxiv_id = r.arxiv_id and w.benchmark is null
),
stated_counts as (
    -- the device counts as the paper states them (before TPU cores become chips)
    select arxiv_id, accelerator, quote, count from curated_hardware
    where role = 'training' and count is not null
),
model_values as (
    select arxiv_id, model,
           case when coalesce(len(ops_checks), 0) = 0 then ops_forward_pass end as ops,
           ops_quote,
           case when coalesce(len(parameters_checks), 0) = 0 then parameters end as parameters,
           parameters_quote
    from paper_models
),
nearest_ops as (
    select r.source, r.benchmark, r.row_number, v.ops, v.ops_quote
    from ref r join model_values v on v.arxiv_id = r.arxiv_id and v.ops is not null
    where r.ops is not null
    qualify row_number() over (partition by r.source, r.benchmark, r.row_number
                               order by abs(ln(v.ops / r.ops))) = 1
),
parameter_values as (
    select arxiv_id, parameters as value, parameters_quote as quote from model_values
    where parameters is not null
    union all
    select arxiv_id, value, quote from curated_parameters
),
nearest_parameters as (
    select r.source, r.benchmark, r.row_number, v.value, v.quote
    from ref r join parameter_values v on v.arxiv_id = r.arxiv_id
    where r.parameters is not null
    qualify row_number() over (partition by r.source, r.benchmark, r.row_number
                               order by abs(ln(v.value / r.parameters))) = 1
),
best_scores as (
    select s.source, s.benchmark, s.row_number, s.metric, s.value as reference_value,
           x.value, x.quote, error_fraction(x.metric, x.value) as error
    from reference_scores s
    join ref r using (source, benchmark, row_number)
    -- the same quantity, as accuracy or as error ("top-1 accuracy" 80.2 is "top-1 error" 19.8)
    left join curated_results x on x.arxiv_id = r.arxiv_id and x.benchmark = s.benchmark
                               and replace(x.metric, 'accuracy', 'error')
                                   = replace(s.metric, 'accuracy', 'error')
    qualify row_number() over (partition by s.source, s.benchmark, s.row_number, s.metric
                               order by abs(error_fraction(x.metric, x.value)
                                            - error_fraction(s.metric, s.value))) = 1
),
model_points as (
    -- the paper's model row nearest the reference model: FLOPs within 10% first, then the
    -- closest score on the same metric
    select r.source, r.benchmark, r.row_number, s.metric, s.value as reference_value,
           mr.ops_forward_pass, mr.value, mr.quote,
           abs(mr.ops_forward_pass / r.ops - 1) <= 0.10
               and abs(mr.error - error_fraction(s.metric, s.value)) <= 0.005 as agrees
    from ref r
    join reference_scores s using (source, benchmark, row_number)
    left join model_results mr on mr.arxiv_id = r.arxiv_id and mr.benchmark = r.benchmark
                              and replace(mr.metric, 'accuracy', 'error')
                                  = replace(s.metric, 'accuracy', 'error')
                              and mr.ops_forward_pass is not null
    where r.ops is not null
    qualify row_number() over (partition by r.source, r.benchmark, r.row_number, s.metric
                               order by coalesce(abs(mr.ops_forward_pass / r.ops - 1) <= 0.10,
                                                 false) desc,
                                        abs(mr.error - error_fraction(s.metric, s.value))) = 1
),
fields as (
    select r.source, r.arxiv_id, r.benchmark, r.row_number, r.name, 'hardware' as field,
           null as metric, r.accelerator_text as reference_value, h.accelerator as extracted_value,
           coalesce(h.accelerator = ra.canonical, false) as agrees, h.hardware_quote as quote
    from ref r
    left join ref_accelerator ra using (source, benchmark, row_number)
    left join setup h using (source, benchmark, row_number)
    where r.accelerator_text is not null
    union all
    select r.source, r.arxiv_id, r.benchmark, r.row_number, r.name, 'count', null,
           printf('%g', r.amount), printf('%g', coalesce(c.count, h.devices)),
           coalesce(c.count = r.amount or h.devices = r.amount, false), h.hardware_quote
    from ref r
    left join setup h using (source, benchmark, row_number)
    left join stated_counts c on c.arxiv_id = r.arxiv_id and c.quote = h.hardware_quote
                             and c.accelerator = h.accelerator
    where r.amount is not null
    qualify row_number() over (partition by r.source, r.benchmark, r.row_number
                               order by coalesce(c.count = r.amount, false) desc) = 1
    union all
    select r.source, r.arxiv_id, r.benchmark, r.row_number, r.name, 'training_time', null,
           round(r.training_time_sec / 3600, 2)::varchar || ' h',
           h.training_hours::varchar || ' h',
           coalesce(abs(h.training_hours / (r.training_time_sec / 3600) - 1) <= 0.10, false),
           h.time_quote
    from ref r left join setup h using (source, benchmark, row_number)
    where r.training_time_sec > 0
    union all
    select r.source, r.arxiv_id, r.benchmark, r.row_number, r.name, 'hardware_burden', null,
           printf('%.3g', r.hardware_burden), printf('%.3g', h.hardware_burden),
           coalesce(abs(log2(h.hardware_burden / r.hardware_burden)) <= 1, false),
           concat_ws(' | ', h.hardware_quote, h.time_quote)
    from ref r left join setup h using (source, benchmark, row_number)
    where r.hardware_burden > 0
    union all
    select r.source, r.arxiv_id, r.benchmark, r.row_number, r.name, 'ops_forward_pass', null,
           printf('%.3g', r.ops), printf('%.3g', n.ops),
           coalesce(abs(n.ops / r.ops - 1) <= 0.10, false), n.ops_quote
    from ref r left join nearest_ops n using (source, benchmark, row_number)
    where r.ops > 0
    union all
    select r.source, r.arxiv_id, r.benchmark, r.row_number, r.name, 'parameters', null,
           printf('%.3g', r.parameters), printf('%.3g', n.value),
           coalesce(abs(n.value / r.parameters - 1) <= 0.05, false), n.quote
    from ref r left join nearest_parameters n using (source, benchmark, row_number)
    where r.parameters > 0
    union all
    select r.source, r.arxiv_id, r.benchmark, r.row_number, r.name, 'best_score', b.metric,
           b.reference_value::varchar, b.value::varchar,
           -- on one scale: a score printed as a fraction (0.790) is 79.0 points
           coalesce(abs(b.error - error_fraction(b.metric, b.reference_value)) <= 0.005,
                    false),
           b.quote
    from ref r join best_scores b using (source, benchmark, row_number)
    union all
    select r.source, r.arxiv_id, r.benchmark, r.row_number, r.name, 'flops_and_score',
           p.metric, printf('%.3g', r.ops) || ' / ' || p.reference_value,
           printf('%.3g', p.ops_forward_pass) || ' / ' || p.value, coalesce(p.agrees, false),
           p.quote
    from ref r join model_points p using (source, benchmark, row_number)
)
select source, arxiv_id, benchmark, row_number as reference_row, name as reference_model,
       field, metric, reference_value, extracted_value, agrees,
       case field when 'hardware' then 'the same accelerator'
                  when 'count' then 'the same count'
                  when 'training_time' then 'within 10%'
                  when 'hardware_burden' then 'within 2x'
                  when 'ops_forward_pass' then 'within 10%'
                  when 'parameters' then 'within 5%'
                  when 'best_score' then 'within 0.5 points'
                  when 'flops_and_score' then 'FLOPs within 10% and the score within 0.5 points'
       end as tolerance,
       quote
from fields;
