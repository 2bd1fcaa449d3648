-- Every benchmark result, extracted or reference, as an error in [0, 1] and on the study's
-- scale: ImageNet log10(top-1 error), the other benchmarks log10(1 / (1 - score)). Extracted
-- results are those that pass the plausibility checks, as corrected (curated_results).
-- columns:
--   source: 'extracted', or the reference dataset (e.g. 'thompson2022')
--   paper_key: arXiv id for extracted rows; the model name for reference rows
--   arxiv_id: the paper's arXiv id, where known
--   reference_row: the row of the reference file (null for extracted rows)
--   model: the model the result belongs to, as the source names it
--   year: publication year
--   published: publication date (reference rows: 1 July of their year)
--   benchmark: ImageNet, COCO, SQuAD 1.1, SQuAD 2.0, CoNLL-2003, WMT2014 En-De, WMT2014 En-Fr, CIFAR-10, CIFAR-100, GLUE
--   metric: the metric as reported (top-1 accuracy, AP, BLEU, ...)
--   value: the value as reported (percent or points)
--   trend_metric: the metric the trends use: ImageNet results as top-1 or top-5 error, others as reported
--   error: the error as a fraction in [0, 1]: 1 - score for scores, the error itself for errors
--   y: the study's transformation: log10(error) for ImageNet, log10(1 / (1 - score)) otherwise
create or replace view results_normalised as
with unioned as (
    select 'extracted' as source, r.arxiv_id as paper_key, r.arxiv_id,
           null::integer as reference_row, r.model, year(p.published) as year,
           p.published::date as published, r.benchmark, r.metric, r.value
    from curated_results r
    join papers p using (arxiv_id)
    union all
    select s.source, m.name, m.arxiv_id, m.row_number, m.name, m.year,
           make_date(m.year, 7, 1), s.benchmark, s.metric, s.value
    from reference_scores s
    join reference_models m using (source, benchmark, row_number)
),
errors as (
    select *, error_fraction(metric, value) as error from unioned
)
select e.source, e.paper_key, e.arxiv_id, e.reference_row, e.model, e.year, e.published,
       e.benchmark, e.metric, e.value,
       trend_metric_of(e.benchmark, e.metric) as trend_metric,
       e.error, study_y(b.y_scale, e.error) as y
from errors e
left join benchmarks b on b.name = e.benchmark
where e.error > 0 and e.error < 1;
