-- Ordinary least-squares fits of y on log10(compute) per source, benchmark and measure,
-- as the study fitted them, with the slope's uncertainty and what each fit implies. A fit
-- with fewer points than the assumption min_fit_points gives its slope and interval but no
-- halving multiplier or compute for a target.
-- columns:
--   source: 'extracted', or the reference dataset
--   benchmark: the benchmark
--   metric: the metric on the y axis (see trend_points)
--   compute_measure: ops_forward_pass, network_operations or hardware_burden
--   n: number of points
--   slope: change in y per tenfold compute
--   slope_se: standard error of the slope (OLS, n - 2 degrees of freedom)
--   slope_ci_low: lower end of the slope's 95% confidence interval
--   slope_ci_high: upper end of the slope's 95% confidence interval
--   p_value: two-sided p-value of the slope against zero (Student's t, n - 2 degrees of freedom); 0 where below about 1e-15
--   intercept: y at 1 FLOP (log10 compute = 0)
--   r2: coefficient of determination
--   enough_points: n is at least the assumption min_fit_points
--   first_year: earliest publication year among the points
--   last_year: latest publication year among the points
--   best_error: lowest error among the points, as a fraction
--   halving_multiplier: by how many times compute must grow to halve the error (null when the fit does not improve with compute, or has too few points)
--   target_error: the error fit_targets names for this benchmark and metric
--   compute_for_target: the compute at which the fit reaches target_error, FLOPs (null when unreachable, or too few points)
--   x_mean: mean of x = log10(compute) over the points (with y_mean, the point every least-squares line passes through)
--   y_mean: mean of y over the points
--   residual_se: standard deviation of the residuals (n - 2 degrees of freedom); the fitted line's 95% band at x is t * residual_se * sqrt(1/n + (x - x_mean)^2 / sum of (x - x_mean)^2)
--   sxx: sum of squared deviations of x from x_mean
create or replace view trend_fits as
with fits as (
    select source, benchmark, metric, compute_measure,
           regr_count(y, x) as n, regr_slope(y, x) as slope, regr_intercept(y, x) as intercept,
           regr_r2(y, x) as r2, regr_syy(y, x) as syy, regr_sxx(y, x) as sxx,
           regr_avgx(y, x) as x_mean, regr_avgy(y, x) as y_mean,
           min(year) as first_year, max(year) as last_year, min(error) as best_error,
           -- y rises with log10(error) on a log10(error) scale (ImageNet), falls with it on
           -- the others' (benchmarks.y_scale)
           any_value(error_sign(b.y_scale)) as sign
    from trend_points p
    join benchmarks b on b.name = p.benchmark
    group by source, benchmark, metric, compute_measure
    having regr_count(y, x) >= 3 and var_pop(x) > 0
),
uncertainty as (
    select f.*,
           ols_residual_se(f.syy, f.r2, f.n) as residual_se,
           ols_residual_se(f.syy, f.r2, f.n) / sqrt(f.sxx) as slope_se,
           f.n >= (select value from assumptions where name = 'min_fit_points')
               as enough_points
    from fits f
)
select f.source, f.benchmark, f.metric, f.compute_measure, f.n, f.slope, f.slope_se,
       f.slope - t_quantile_975(f.n - 2) * f.slope_se as slope_ci_low,
       f.slope + t_quantile_975(f.n - 2) * f.slope_se as slope_ci_high,
       case when f.slope_se > 0 then t_two_sided_p(f.slope / f.slope_se, f.n - 2)
            when f.slope_se = 0 then 0 end as p_value,
       f.intercept, f.r2, f.enough_points, f.first_year, f.last_year, f.best_error,
       case when f.enough_points and f.slope * f.sign < 0 and -f.sign * log10(2) / f.slope < 300
            then power(10, -f.sign * log10(2) / f.slope) end as halving_multiplier,
       t.target_error,
       case when f.enough_points and f.slope * f.sign < 0
                 and (f.sign * log10(t.target_error) - f.intercept) / f.slope < 300
            then power(10, (f.sign * log10(t.target_error) - f.intercept) / f.slope)
       end as compute_for_target,
       f.x_mean, f.y_mean, f.residual_se, f.sxx
from uncertainty f
left join fit_targets t on t.benchmark = f.benchmark and t.metric = f.metric;
