-- How fast training compute grows: a log2-linear fit of compute over publication date, from
-- the year the assumption growth_first_year names (2010: where Epoch AI fits its trend).
-- columns:
--   source: 'extracted', or the reference dataset
--   domain: 'all'; for a record of notable models also 'vision' and 'language' (the models the record files under that domain, alone or with others)
--   compute_measure: network_operations or hardware_burden
--   n: number of papers or models
--   first_year: earliest publication year
--   last_year: latest publication year
--   doublings_per_year: slope of log2(compute) per year
--   doubling_months: months for training compute to double (null when it does not grow)
--   intercept: log2(compute) at year 0 of the fit (with doublings_per_year, the fitted line)
--   r2: coefficient of determination
--   doublings_per_year_se: standard error of doublings_per_year (OLS, n - 2 degrees of freedom)
--   doubling_months_low: lower end of the doubling time's 95% interval (from the slope's)
--   doubling_months_high: upper end of the doubling time's 95% interval (null: growth not significant, the interval is unbounded)
create or replace view compute_growth as
with distinct_models as (
    select distinct e.source, e.paper_key, e.year,
           e.year + (dayofyear(e.published) - 1) / 365.25 as t, e.network_operations,
           e.hardware_burden,
           ['all'] || list_transform(list_filter(coalesce(n.domains, []),
                                                 d -> d in ('Vision', 'Language')),
                                     d -> lower(d)) as domains
    from compute_estimates e
    left join reference_notable_models n
           on e.reference_benchmark is null and n.source = e.source
          and n.row_number = e.reference_row
    where e.year >= (select value from assumptions where name = 'growth_first_year')
),
by_domain as (
    select * exclude (domains), unnest(domains) as domain from distinct_models
),
measures as (
    select source, domain, 'network_operations' as compute_measure, year, t,
           network_operations as c
    from by_domain
    union all
    select source, domain, 'hardware_burden', year, t, hardware_burden from by_domain
),
fits as (
    select source, domain, compute_measure, regr_count(log2(c), t) as n,
           min(year) as first_year,
           max(year) as last_year, regr_slope(log2(c), t) as doublings_per_year,
           regr_intercept(log2(c), t) as intercept, regr_r2(log2(c), t) as r2,
           ols_residual_se(regr_syy(log2(c), t), regr_r2(log2(c), t), regr_count(log2(c), t))
               / sqrt(regr_sxx(log2(c), t)) as se
    from measures
    where c > 0
    group by all
    having regr_count(log2(c), t) >= 3 and var_pop(t) > 0
),
bounds as (
    select *, doublings_per_year + t_quantile_975(n - 2) * se as fast,
           doublings_per_year - t_quantile_975(n - 2) * se as slow
    from fits
)
select source, domain, compute_measure, n, first_year, last_year, doublings_per_year,
       case when doublings_per_year > 0 then 12 / doublings_per_year end as doubling_months,
       intercept, r2, se as doublings_per_year_se,
       case when doublings_per_year > 0 then 12 / fast end as doubling_months_low,
       case when slow > 0 then 12 / slow end as doubling_months_high
from bounds;
