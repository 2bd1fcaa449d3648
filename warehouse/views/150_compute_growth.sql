-- How fast training compute grows: a log2-linear fit of compute over publication date.
-- columns:
--   source: 'extracted', or the reference dataset
--   compute_measure: network_operations or hardware_burden
--   n: number of papers or models
--   first_year: earliest publication year
--   last_year: latest publication year
--   doublings_per_year: slope of log2(compute) per year
--   doubling_months: months for training compute to double (null when it does not grow)
--   intercept: log2(compute) at year 0 of the fit (with doublings_per_year, the fitted line)
--   r2: coefficient of determination
create or replace view compute_growth as
with distinct_models as (
    select distinct source, paper_key, year,
           year + (dayofyear(published) - 1) / 365.25 as t, network_operations, hardware_burden
    from compute_estimates
),
measures as (
    select source, 'network_operations' as compute_measure, year, t, network_operations as c
    from distinct_models
    union all
    select source, 'hardware_burden', year, t, hardware_burden from distinct_models
)
select source, compute_measure, regr_count(log2(c), t) as n, min(year) as first_year,
       max(year) as last_year, regr_slope(log2(c), t) as doublings_per_year,
       case when regr_slope(log2(c), t) > 0 then 12 / regr_slope(log2(c), t) end
           as doubling_months,
       regr_intercept(log2(c), t) as intercept,
       regr_r2(log2(c), t) as r2
from measures
where c > 0
group by all
having regr_count(log2(c), t) >= 3 and var_pop(t) > 0;
