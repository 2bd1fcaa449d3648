-- One point per model and compute measure for the trend fits, as the study took them: the
-- compute and the score of the same model. x = log10(compute), y on the study's scale.
-- An extracted paper gives, per benchmark and measure, its best model that has the measure
-- (its own models only, where it marks any): FLOPs per pass and counted network operations
-- from the model's own row; a stated training total and the hardware burden (a paper-wide
-- training setup) go to the model the training time is stated for, else to the paper's
-- best model. Only facts that pass the plausibility checks count.
-- columns:
--   source: 'extracted', or the reference dataset
--   benchmark: ImageNet, COCO, SQuAD 1.1, CoNLL-2003, WMT2014 En-De, WMT2014 En-Fr (benchmarks.trend_metric names the metric)
--   metric: top-1 error (ImageNet), AP (COCO), EM (SQuAD 1.1), F1 (CoNLL-2003), BLEU (WMT2014)
--   compute_measure: ops_forward_pass, network_operations or hardware_burden
--   paper_key: arXiv id for extracted rows; the model name for reference rows
--   arxiv_id: the paper's arXiv id, where known
--   model: the model the point belongs to
--   year: publication year
--   compute: the compute measure's value (FLOPs)
--   x: log10(compute)
--   y: log10(error) for ImageNet, log10(1 / (1 - score)) otherwise
--   error: the error as a fraction
--   published: publication date (reference rows: 1 July of their year)
create or replace view trend_points as
with candidates as (
    select m.*, max(m.own::integer) over (partition by m.arxiv_id, m.benchmark) as any_own
    from model_results m
    join benchmarks b on b.name = m.benchmark and b.trend_metric = m.trend_metric
),
models as (select * exclude (any_own) from candidates where own or any_own = 0),
setups as materialized (select * from training_setups),
stated_totals as (
    select arxiv_id, max(as_flops(value, unit)) as ops
    from curated_compute where kind = 'training_total' group by 1
),
paper_setup as (
    -- the model a training setup is given to: the one its training time names, else the
    -- best model on the benchmark; the setup stated for the benchmark, else the paper's
    select m.*, t.ops as stated_total,
           coalesce(b.hardware_burden, w.hardware_burden) as hardware_burden
    from models m
    left join stated_totals t on t.arxiv_id = m.arxiv_id
    left join setups b on b.arxiv_id = m.arxiv_id and b.benchmark = m.benchmark
    left join setups w on w.arxiv_id = m.arxiv_id and w.benchmark is null
    qualify row_number() over (
        partition by m.arxiv_id, m.benchmark
        order by coalesce(contains(lower(coalesce(b.subject, w.subject)), lower(m.model))
                          or contains(lower(m.model), lower(coalesce(b.subject, w.subject))),
                          false) desc,
                 m.error, m.model, m.variant) = 1
),
extracted as (
    select 'ops_forward_pass' as compute_measure, m.*, m.ops_forward_pass as compute
    from models m where m.ops_forward_pass is not null
    qualify row_number() over (partition by m.arxiv_id, m.benchmark
                               order by m.error, m.model, m.variant) = 1
    union all by name
    select * from (
        select 'network_operations' as compute_measure,
               m.* exclude (stated_total, hardware_burden), m.stated_total as compute,
               0 as priority
        from paper_setup m where m.stated_total is not null
        union all by name
        select 'network_operations' as compute_measure, m.*,
               m.network_operations as compute, 1 as priority
        from models m where m.network_operations is not null
    )
    qualify row_number() over (partition by arxiv_id, benchmark
                               order by priority, error, model, variant) = 1
    union all by name
    select 'hardware_burden' as compute_measure,
           m.* exclude (stated_total, hardware_burden), m.hardware_burden as compute
    from paper_setup m where m.hardware_burden is not null
),
reference as (
    select r.source, r.benchmark, r.trend_metric, r.paper_key, r.arxiv_id, r.model, r.year,
           r.published, r.y, r.error, c.ops_forward_pass, c.network_operations, c.hardware_burden
    from results_normalised r
    join benchmarks b on b.name = r.benchmark and b.trend_metric = r.trend_metric
    join compute_estimates c on c.source = r.source and c.reference_benchmark = r.benchmark
                            and c.reference_row = r.reference_row
    where r.source <> 'extracted'
),
points as (
    select 'extracted' as source, benchmark, trend_metric as metric, compute_measure,
           arxiv_id as paper_key, arxiv_id, model, year, compute, y, error, published
    from extracted
    union all
    select source, benchmark, trend_metric, 'ops_forward_pass', paper_key, arxiv_id, model,
           year, ops_forward_pass, y, error, published from reference
    union all
    select source, benchmark, trend_metric, 'network_operations', paper_key, arxiv_id, model,
           year, network_operations, y, error, published from reference
    union all
    select source, benchmark, trend_metric, 'hardware_burden', paper_key, arxiv_id, model,
           year, hardware_burden, y, error, published from reference
)
select source, benchmark, metric, compute_measure, paper_key, arxiv_id, model, year, compute,
       log10(compute) as x, y, error, published
from points
where compute > 0;
