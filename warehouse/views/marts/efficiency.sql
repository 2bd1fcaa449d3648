-- Algorithmic efficiency as "AI and Efficiency" (Hernandez and Brown, 2020) measured it:
-- per benchmark, training-compute measure and level of efficiency_targets, every model that
-- reached the level (extracted and reference points together), by date the least training
-- compute any model had reached it with, and the halving time of that least compute: a
-- log2-linear fit over the records (the models that lowered it) by publication date.
-- columns:
--   benchmark: the benchmark
--   metric: the trend metric
--   compute_measure: network_operations or hardware_burden (training compute)
--   target_error: the level, as an error fraction (efficiency_targets)
--   target: whose level it is
--   published: when the record was published (reference rows: 1 July of their year)
--   year: publication year
--   source: 'extracted', or the reference dataset the record comes from
--   paper_key: arXiv id for extracted rows; the model name for reference rows
--   arxiv_id: the paper's arXiv id, where known
--   model: the model
--   error: its error, as a fraction (at most target_error)
--   compute: its training compute, FLOPs
--   least_compute: the least training compute of any model that had reached the level by its date (it included), FLOPs
--   record: the model lowered least_compute (the first to reach the level is a record)
--   records: how many records the level has on this measure
--   halving_months: months for the least compute to halve, fitted over the records (null: fewer than 3 records, or not falling)
--   halving_months_low: lower end of its 95% interval
--   halving_months_high: upper end of its 95% interval (null: the fall is not significant)
--   reduction: compute of the first record / compute of the last: how many times less compute the level takes now
create or replace view efficiency as
with reached as (
    select p.*, t.target_error, t.label as target,
           p.year + (dayofyear(p.published) - 1) / 365.25 as t
    from trend_points p
    join efficiency_targets t on t.benchmark = p.benchmark and t.metric = p.metric
    where p.compute_measure in ('network_operations', 'hardware_burden')
      and p.error <= t.target_error and p.published is not null
),
running as (
    select *, min(compute) over (
               partition by benchmark, metric, compute_measure, target_error
               order by published, compute, source, paper_key
               rows between unbounded preceding and 1 preceding) as previous_compute
    from reached
),
records as (select * from running where previous_compute is null or compute < previous_compute),
fits as (
    select benchmark, metric, compute_measure, target_error, count(*) as records,
           regr_count(log2(compute), t)::integer as n, regr_slope(log2(compute), t) as slope,
           ols_residual_se(regr_syy(log2(compute), t), regr_r2(log2(compute), t),
                           regr_count(log2(compute), t))
               / sqrt(nullif(regr_sxx(log2(compute), t), 0)) as se,
           arg_max(compute, t) as last_compute, arg_min(compute, t) as first_compute
    from records
    group by all
),
bounds as (
    select *,
           case when n >= 3 then slope - t_quantile_975(n - 2) * se end as fast,
           case when n >= 3 then slope + t_quantile_975(n - 2) * se end as slow
    from fits
)
select r.benchmark, r.metric, r.compute_measure, r.target_error, r.target, r.published, r.year,
       r.source, r.paper_key, r.arxiv_id, r.model, r.error, r.compute,
       least(r.compute, coalesce(r.previous_compute, r.compute)) as least_compute,
       r.previous_compute is null or r.compute < r.previous_compute as record, f.records,
       case when f.n >= 3 and f.slope < 0 then -12 / f.slope end as halving_months,
       case when f.n >= 3 and f.slope < 0 then -12 / f.fast end as halving_months_low,
       case when f.slow < 0 then -12 / f.slow end as halving_months_high,
       f.first_compute / f.last_compute as reduction
from running r
join bounds f using (benchmark, metric, compute_measure, target_error)
order by r.benchmark, r.compute_measure, r.target_error desc, r.published, r.compute;
