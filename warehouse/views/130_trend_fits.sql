-- Ordinary least-squares fits of y on log10(compute) per source, benchmark and measure,
-- as the study fitted them, with what each fit implies.
-- columns:
--   source: 'extracted', or the reference dataset
--   benchmark: the benchmark
--   metric: the metric on the y axis (see trend_points)
--   compute_measure: ops_forward_pass, network_operations or hardware_burden
--   n: number of points
--   slope: change in y per tenfold compute
--   intercept: y at 1 FLOP (log10 compute = 0)
--   r2: coefficient of determination
--   first_year: earliest publication year among the points
--   last_year: latest publication year among the points
--   best_error: lowest error among the points, as a fraction
--   halving_multiplier: by how many times compute must grow to halve the error (null when the fit does not improve with compute)
--   target_error: the error fit_targets names for this benchmark and metric
--   compute_for_target: the compute at which the fit reaches target_error, FLOPs (null when unreachable)
create or replace view trend_fits as
with fits as (
    select source, benchmark, metric, compute_measure,
           regr_count(y, x) as n, regr_slope(y, x) as slope, regr_intercept(y, x) as intercept,
           regr_r2(y, x) as r2, min(year) as first_year, max(year) as last_year,
           min(error) as best_error,
           -- y rises with log10(error) on ImageNet's scale, falls with it on the others'
           case when benchmark = 'ImageNet' then 1 else -1 end as sign
    from trend_points
    group by all
    having regr_count(y, x) >= 3 and var_pop(x) > 0
)
select f.source, f.benchmark, f.metric, f.compute_measure, f.n, f.slope, f.intercept, f.r2,
       f.first_year, f.last_year, f.best_error,
       case when f.slope * f.sign < 0 and -f.sign * log10(2) / f.slope < 300
            then power(10, -f.sign * log10(2) / f.slope) end as halving_multiplier,
       t.target_error,
       case when f.slope * f.sign < 0
                 and (f.sign * log10(t.target_error) - f.intercept) / f.slope < 300
            then power(10, (f.sign * log10(t.target_error) - f.intercept) / f.slope)
       end as compute_for_target
from fits f
left join fit_targets t on t.benchmark = f.benchmark and t.metric = f.metric;
