-- What a significant trend implies: the compute at which each fit reaches its target in
-- fit_targets, with the 95% interval its uncertainty gives (Fieller's: the computes where
-- the fit's confidence band crosses the target), how far that runs beyond the data, and
-- for the training measures the device time, cost and CO2 on the cost_basis hardware. Only
-- fits with enough points (assumption min_fit_points) whose error falls with compute at
-- p < 0.05: then the interval is bounded.
-- columns:
--   source: 'extracted', or the reference dataset
--   benchmark: the benchmark
--   metric: the trend metric
--   compute_measure: ops_forward_pass, network_operations or hardware_burden
--   n: points in the fit
--   slope: the fit's slope (see trend_fits)
--   p_value: the slope's p-value (see trend_fits)
--   target_error: the error aimed at (fit_targets), as a fraction
--   compute_for_target: the compute at which the fit reaches target_error, FLOPs
--   compute_low: lower end of its 95% interval, FLOPs
--   compute_high: upper end of its 95% interval, FLOPs
--   min_compute: the least compute among the fit's points, FLOPs
--   max_compute: the most compute among the fit's points, FLOPs
--   decades_beyond_data: log10(compute_for_target / max_compute): how many tenfolds the projection extrapolates
--   accelerator: the cost_basis hardware (training measures only)
--   device_hours: device-hours on it: network operations at its tensor peak x utilisation; hardware burden at the peak the burden counts (FP32, else tensor)
--   cost_usd: device_hours x cost_basis.usd_per_device_hour
--   cost_usd_low: the same at compute_low
--   cost_usd_high: the same at compute_high
--   co2_kg: device_hours x TDP x PUE x grid intensity (assumptions), kg
--   co2_kg_low: the same at compute_low
--   co2_kg_high: the same at compute_high
create or replace view target_projections as
with settings as (
    select max(value) filter (where name = 'utilisation') as utilisation,
           max(value) filter (where name = 'pue') as pue,
           max(value) filter (where name = 'grid_kg_co2_per_kwh') as grid
    from assumptions
),
basis as (
    select c.accelerator, c.usd_per_device_hour, a.tdp_watts,
           a.tensor_tflops * 1e12 * s.utilisation as training_flops_per_s,
           coalesce(a.fp32_tflops, a.tensor_tflops) * 1e12 as burden_flops_per_s, s.pue, s.grid
    from cost_basis c join accelerators a on a.canonical = c.accelerator, settings s
),
spans as (
    select source, benchmark, metric, compute_measure, min(x) as min_x, max(x) as max_x
    from trend_points group by all
),
significant as (
    select f.*, s.min_x, s.max_x,
           error_sign(b.y_scale) * log10(f.target_error) - f.y_mean as d,
           pow(t_quantile_975(f.n - 2) * f.slope_se, 2) as g,
           pow(t_quantile_975(f.n - 2) * f.residual_se, 2) / f.n as h
    from trend_fits f
    join benchmarks b on b.name = f.benchmark
    join spans s using (source, benchmark, metric, compute_measure)
    where f.enough_points and f.p_value < 0.05 and f.target_error is not null
      and f.slope * error_sign(b.y_scale) < 0
),
solved as (
    -- (d - slope u)^2 = g u^2 + h with u = x - x_mean: two roots when slope^2 > g. The
    -- discriminant is g d^2 + h (slope^2 - g) >= 0; a fit with no residual (g = h = 0)
    -- can make it a rounding error below zero, which is zero
    select *, x_mean + d / slope as x_target,
           sqrt(greatest(pow(slope * d, 2) - (pow(slope, 2) - g) * (pow(d, 2) - h), 0))
               as root
    from significant
),
projected as (
    select s.*,
           case when x_target < 300 then pow(10, x_target) end as compute_for_target,
           pow(10, least(x_mean + (slope * d - root) / (pow(slope, 2) - g),
                         x_mean + (slope * d + root) / (pow(slope, 2) - g), 300)) as low,
           pow(10, least(greatest(x_mean + (slope * d - root) / (pow(slope, 2) - g),
                                  x_mean + (slope * d + root) / (pow(slope, 2) - g)), 300))
               as high,
           case s.compute_measure when 'network_operations' then b.training_flops_per_s
                                  when 'hardware_burden' then b.burden_flops_per_s end
               as flops_per_s,
           b.accelerator, b.usd_per_device_hour, b.tdp_watts * b.pue * b.grid / 1000 as co2_kg_per_hour
    from solved s left join basis b on true
)
select source, benchmark, metric, compute_measure, n, slope, p_value, target_error,
       compute_for_target,
       case when low < 1e300 then low end as compute_low,
       case when high < 1e300 then high end as compute_high,
       pow(10, min_x) as min_compute, pow(10, max_x) as max_compute,
       x_target - max_x as decades_beyond_data,
       case when flops_per_s is not null then accelerator end as accelerator,
       compute_for_target / flops_per_s / 3600 as device_hours,
       compute_for_target / flops_per_s / 3600 * usd_per_device_hour as cost_usd,
       compute_low / flops_per_s / 3600 * usd_per_device_hour as cost_usd_low,
       compute_high / flops_per_s / 3600 * usd_per_device_hour as cost_usd_high,
       compute_for_target / flops_per_s / 3600 * co2_kg_per_hour as co2_kg,
       compute_low / flops_per_s / 3600 * co2_kg_per_hour as co2_kg_low,
       compute_high / flops_per_s / 3600 * co2_kg_per_hour as co2_kg_high
from projected;
