-- Every score of every extracted model, with that same model's parameters and compute: the
-- study's per-model points. Only values that pass the plausibility checks, with the user's
-- corrections of a value applied to the model rows that state it (see corrections); network
-- operations counted as the study counted them (FLOPs per pass x 3 x epochs x training
-- examples, the benchmark's standard training set), from
-- iterations x batch size where the paper gives no epochs, or as 6 x parameters x tokens
-- for a model trained on a stated number of tokens.
-- columns:
--   arxiv_id: the paper
--   model: the model, as the paper's row or sentence names it
--   variant: 1, 2, ... for rows of one name whose values differ (see paper_models)
--   own: the authors' own model (not a baseline they compare with)
--   year: publication year
--   published: publication date
--   benchmark: the benchmark
--   metric: the metric as reported
--   split: the split, where stated
--   value: the score as reported (percent or points)
--   trend_metric: the metric the trends use (ImageNet accuracy as error)
--   error: the error as a fraction in [0, 1]
--   y: the study's y (see results_normalised)
--   quote: the row or sentence the score comes from
--   page: its page
--   parameters: the model's parameters
--   ops_forward_pass: the model's operations per forward pass, FLOPs
--   network_operations: the model's training operations, FLOPs, counted from the paper's schedule
--   estimation_method: how network_operations was counted: 'operation counting' (FLOPs x 3 x examples seen) or 'parameters x tokens' (6 x parameters x tokens)
create or replace view model_results as
with checked as (
    select m.arxiv_id, m.model, m.variant, m.own, year(p.published) as year,
           p.published::date as published,
           case when coalesce(len(m.parameters_checks), 0) = 0 then m.parameters end
               as parameters,
           case when coalesce(len(m.ops_checks), 0) = 0 then m.ops_forward_pass end
               as ops_forward_pass,
           unnest(m.results) as r
    from paper_models m
    join papers p on p.arxiv_id = m.arxiv_id and p.status = 'ok'
),
fixes as (select * from corrections where action in ('reject', 'replace')),
-- the user's corrections of a value apply to the model rows that state it too
models as (
    select m.* replace (
               case when pc.action = 'reject' then null
                    when pc.action = 'replace'
                        then coalesce((pc.new_values->>'value')::double, m.parameters)
                    else m.parameters end as parameters,
               case when cc.action = 'reject' then null
                    when cc.action = 'replace'
                        then coalesce(as_flops((cc.new_values->>'value')::double,
                                               coalesce(cc.new_values->>'unit',
                                                        (cc.target->>'unit'))),
                                      m.ops_forward_pass)
                    else m.ops_forward_pass end as ops_forward_pass)
    from checked m
    left join fixes pc on pc.field = 'parameters' and pc.arxiv_id = m.arxiv_id
                      and (pc.target->>'value')::double = m.parameters
    left join fixes cc on cc.field = 'compute' and cc.arxiv_id = m.arxiv_id
                      and (cc.target->>'kind') = 'per_forward'
                      and as_flops((cc.target->>'value')::double, (cc.target->>'unit'))
                          = m.ops_forward_pass
),
corrected as (
    select m.* exclude (r), coalesce(rc.new_values->>'benchmark', r.benchmark) as benchmark,
           coalesce(rc.new_values->>'metric', r.metric) as metric, r.split,
           coalesce((rc.new_values->>'value')::double, r.value) as value,
           coalesce(rc.quote, r.quote) as quote, coalesce(rc.page, r.page) as page
    from models m
    left join fixes rc on rc.field = 'results' and rc.arxiv_id = m.arxiv_id
                      and (rc.target->>'benchmark') = r.benchmark
                      and (rc.target->>'metric') = r.metric
                      and (rc.target->>'value')::double = r.value
    where coalesce(len(r.checks), 0) = 0 and rc.action is distinct from 'reject'
),
scores as (
    select *, error_fraction(metric, value) as error from corrected
)
select s.arxiv_id, s.model, s.variant, s.own, s.year, s.published, s.benchmark, s.metric,
       s.split, s.value,
       trend_metric_of(s.benchmark, s.metric) as trend_metric,
       s.error, study_y(b.y_scale, s.error) as y, s.quote, s.page, s.parameters,
       s.ops_forward_pass,
       case when s.ops_forward_pass is not null and sch.epochs is not null
                 and b.training_examples is not null
                then s.ops_forward_pass * 3 * sch.epochs * b.training_examples
            when s.ops_forward_pass is not null and sch.examples_seen is not null
                then s.ops_forward_pass * 3 * sch.examples_seen
            when s.parameters is not null and sch.tokens is not null
                then 6 * s.parameters * sch.tokens end as network_operations,
       case when s.ops_forward_pass is not null
                 and (sch.epochs is not null and b.training_examples is not null
                      or sch.examples_seen is not null) then 'operation counting'
            when s.parameters is not null and sch.tokens is not null
                then 'parameters x tokens' end as estimation_method
from scores s
left join benchmarks b on b.name = s.benchmark
left join paper_schedule sch on sch.arxiv_id = s.arxiv_id
where s.error > 0 and s.error < 1;
