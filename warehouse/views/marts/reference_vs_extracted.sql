-- Papers that are both in a reference dataset and in the warehouse: values side by side.
-- columns:
--   source: the reference dataset
--   arxiv_id: the paper
--   benchmark: the benchmark
--   reference_model: the model as the reference names it
--   metric: the metric
--   reference_value: the reference's value
--   extracted_value: flopwatch's value for the same benchmark and metric (the paper's best)
--   extracted_model: the model flopwatch took it from
--   reference_ops_forward_pass: FLOPs per forward pass, reference
--   extracted_ops_forward_pass: FLOPs per forward pass, flopwatch
--   reference_hardware_burden: hardware burden, reference
--   extracted_hardware_burden: hardware burden, flopwatch
--   reference_parameters: parameters, reference
--   extracted_parameters: largest parameter count flopwatch found in the paper
create or replace view reference_vs_extracted as
select m.source, m.arxiv_id, m.benchmark, m.name as reference_model, s.metric,
       s.value as reference_value, r.value as extracted_value, r.model as extracted_model,
       coalesce(m.flops, 2 * m.multiadds) as reference_ops_forward_pass,
       c.ops_forward_pass as extracted_ops_forward_pass,
       m.hardware_burden as reference_hardware_burden,
       c.hardware_burden as extracted_hardware_burden,
       m.parameters as reference_parameters,
       (select max(value) from curated_parameters pp where pp.arxiv_id = m.arxiv_id)
           as extracted_parameters
from reference_models m
join papers p on p.arxiv_id = m.arxiv_id
left join reference_scores s on s.source = m.source and s.benchmark = m.benchmark
                            and s.row_number = m.row_number
left join curated_results r on r.arxiv_id = m.arxiv_id and r.benchmark = m.benchmark
                         and r.metric = s.metric
left join compute_estimates c on c.source = 'extracted' and c.arxiv_id = m.arxiv_id;
