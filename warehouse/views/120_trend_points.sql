-- One point per model and compute measure for the trend fits: x = log10(compute), y on the
-- study's scale. Extracted papers give one point each: their best result with their compute.
-- columns:
--   source: 'extracted', or the reference dataset
--   benchmark: ImageNet, COCO, SQuAD 1.1, CoNLL-2003, WMT2014 En-De, WMT2014 En-Fr
--   metric: top-1 error (ImageNet), AP (COCO), EM (SQuAD 1.1), F1 (CoNLL-2003), BLEU (WMT2014)
--   compute_measure: ops_forward_pass, network_operations or hardware_burden
--   paper_key: arXiv id for extracted rows; the model name for reference rows
--   arxiv_id: the paper's arXiv id, where known
--   model: the model the result belongs to
--   year: publication year
--   compute: the compute measure's value (FLOPs)
--   x: log10(compute)
--   y: log10(error) for ImageNet, log10(1 / (1 - score)) otherwise
--   error: the error as a fraction
create or replace view trend_points as
with primary_results as (
    select * from results_normalised
    where (benchmark = 'ImageNet' and trend_metric = 'top-1 error')
       or (benchmark = 'COCO' and metric = 'AP')
       or (benchmark = 'SQuAD 1.1' and metric = 'EM')
       or (benchmark = 'CoNLL-2003' and metric = 'F1')
       or (benchmark in ('WMT2014 En-De', 'WMT2014 En-Fr') and metric = 'BLEU')
),
best_extracted as (
    select * from primary_results where source = 'extracted'
    qualify row_number() over (partition by arxiv_id, benchmark order by error) = 1
),
points as (
    select r.source, r.benchmark, r.trend_metric as metric, r.paper_key, r.arxiv_id, r.model,
           r.year, r.y, r.error, c.ops_forward_pass, c.network_operations, c.hardware_burden
    from best_extracted r
    join compute_estimates c on c.source = 'extracted' and c.arxiv_id = r.arxiv_id
    union all
    select r.source, r.benchmark, r.trend_metric, r.paper_key, r.arxiv_id, r.model, r.year,
           r.y, r.error, c.ops_forward_pass, c.network_operations, c.hardware_burden
    from primary_results r
    join compute_estimates c on c.source = r.source and c.reference_benchmark = r.benchmark
                            and c.reference_row = r.reference_row
    where r.source <> 'extracted'
),
measures as (
    select *, 'ops_forward_pass' as compute_measure, ops_forward_pass as compute from points
    union all
    select *, 'network_operations', network_operations from points
    union all
    select *, 'hardware_burden', hardware_burden from points
)
select source, benchmark, metric, compute_measure, paper_key, arxiv_id, model, year, compute,
       log10(compute) as x, y, error
from measures
where compute > 0;
