-- The best result per benchmark over time: each result that beat every earlier one.
-- columns:
--   source: 'extracted', or the reference dataset
--   benchmark: the benchmark
--   trend_metric: what records are compared on (ImageNet accuracy and error together, as error)
--   metric: the metric as reported
--   published: when the record was published
--   year: publication year
--   paper_key: arXiv id for extracted rows; the model name for reference rows
--   arxiv_id: the paper's arXiv id, where known
--   model: the model that set the record
--   value: the value as reported
--   error: the error as a fraction
--   previous_error: the record it beat (null for the first)
create or replace view frontier as
with ordered as (
    select source, benchmark, trend_metric, metric, published, year, paper_key, arxiv_id, model,
           value, error,
           min(error) over (partition by source, benchmark, trend_metric order by published, error
                            rows between unbounded preceding and 1 preceding) as previous_error
    from results_normalised
)
select * from ordered
where previous_error is null or error < previous_error;
