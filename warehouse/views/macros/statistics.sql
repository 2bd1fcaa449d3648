-- Macros the views share: the study's scales, operation counts in FLOPs, Student's t
-- distribution for the fits' intervals and p-values (DuckDB has none of its own).

-- A score or error as printed (percent, points, or a fraction) as an error in [0, 1]; which
-- metrics are errors is the registry's (metrics.lower_is_better).
create or replace macro error_fraction(metric, value) as
    case when metric in (select name from metrics where lower_is_better) then value / 100
         when value <= 1 then 1 - value            -- a score printed as a fraction (0.790)
         else 1 - value / 100 end;

-- The metric a result counts as in the trends: on a benchmark the study plots as log10(error)
-- (benchmarks.y_scale: ImageNet, fitted on top-1 error) accuracies count as errors; every
-- other metric as reported.
create or replace macro trend_metric_of(benchmark, metric) as
    case when benchmark in (select name from benchmarks where y_scale = 'log10(error)')
         then replace(metric, 'accuracy', 'error') else metric end;

-- The study's y axis: log10(error) where the benchmark's scale says so (ImageNet), else
-- log10(1 / (1 - score)), i.e. log10(1 / error) (benchmarks.y_scale).
create or replace macro study_y(y_scale, error) as
    case when y_scale = 'log10(error)' then log10(error) else log10(1 / error) end;

-- P(|T| >= t) for Student's t with df degrees of freedom (an integer of 1 or more), by the
-- finite sums that hold for integer df (Abramowitz & Stegun 26.7.3-4), theta = atan(t/sqrt(df)).
create or replace macro t_two_sided_p(t, df) as (
    with a as (select atan(abs(t) / sqrt(df)) as theta)
    select greatest(0, least(1, 1 - case
        when df % 2 = 0 then sin(theta) * (
            select sum(exp(lgamma(k + 0.5) - lgamma(0.5) - lgamma(k + 1)) * pow(cos(theta), 2 * k))
            from range(0, (df::bigint - 2) // 2 + 1) r(k))
        else 2 / pi() * (theta + sin(theta) * cos(theta) * coalesce((
            select sum(exp(lgamma(k + 1) + lgamma(1.5) - lgamma(k + 1.5)) * pow(cos(theta), 2 * k))
            from range(0, (df::bigint - 3) // 2 + 1) r(k)), 0))
        end))
    from a
);

-- The 97.5% quantile of Student's t (a 95% two-sided interval): exact to 4 decimals up to
-- 30 degrees of freedom, the Cornish-Fisher expansion (4 terms) beyond.
create or replace macro t_quantile_975(df) as
    case when df < 1 then null
         when df <= 30 then [12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060,
                              2.2622, 2.2281, 2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199,
                              2.1098, 2.1009, 2.0930, 2.0860, 2.0796, 2.0739, 2.0687, 2.0639,
                              2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423][df::integer]
         else 1.959964 + (1.959964 ^ 3 + 1.959964) / (4 * df)
              + (5 * 1.959964 ^ 5 + 16 * 1.959964 ^ 3 + 3 * 1.959964) / (96 * df ^ 2)
              + (3 * 1.959964 ^ 7 + 19 * 1.959964 ^ 5 + 17 * 1.959964 ^ 3 - 15 * 1.959964)
                / (384 * df ^ 3)
              + (79 * 1.959964 ^ 9 + 776 * 1.959964 ^ 7 + 1482 * 1.959964 ^ 5
                 - 1920 * 1.959964 ^ 3 - 945 * 1.959964) / (92160 * df ^ 4) end;

-- Ordinary least squares from DuckDB's regr_* aggregates (syy = regr_syy, r2 = regr_r2,
-- n = regr_count): the residuals' standard deviation, n - 2 degrees of freedom (null below
-- 3 points); the slope's standard error is it divided by sqrt(regr_sxx).
create or replace macro ols_residual_se(syy, r2, n) as
    sqrt(greatest(syy * (1 - coalesce(r2, 1)), 0) / nullif(n::integer - 2, 0));

-- How y moves with log10(error) on a benchmark's scale (benchmarks.y_scale): +1 on
-- log10(error) (ImageNet), -1 on log10(1 / error) (the others).
create or replace macro error_sign(y_scale) as
    case when y_scale = 'log10(error)' then 1 else -1 end;

-- An operation count in FLOPs: a multiply-add is 2 FLOPs, a petaflop/s-day 8.64e19.
create or replace macro as_flops(value, unit) as
    case unit when 'FLOPs' then value when 'MACs' then 2 * value
              when 'PF-days' then value * 8.64e19 end;

-- Whose a value filled from a reference is: 'extracted' where flopwatch has it, else the
-- reference's name where the reference has it (filled_compute).
create or replace macro value_source(extracted, reference, source) as
    case when extracted is not null then 'extracted'
         when reference is not null then source end;
