-- For papers both in a record of notable models (Epoch AI's) and in the warehouse: does
-- flopwatch's value agree with the record's, field by field, within the tolerance stated
-- in the row. One row per record model and field where the record has a value (hardware:
-- where its name maps to the catalog). A paper with several models in the record (model
-- variants) compares the values of flopwatch's model rows whose name matches the record's
-- model, else all of the paper's values; of those, one that agrees, else the nearest.
-- columns:
--   source: the record (epoch)
--   arxiv_id: the paper
--   reference_row: the model's row in reference_notable_models
--   reference_model: the model as the record names it
--   field: hardware, quantity, training_time, parameters, training_compute or publication_date
--   reference_value: the record's value (hardware: its catalog names, comma-separated)
--   extracted_value: flopwatch's nearest value, as text (null: none found)
--   agrees: within the tolerance; false when flopwatch has no value
--   tolerance: what agreeing means for the field
--   quote: the sentence or table row flopwatch read its value from
--   page: its page
--   reference_note: the record's note on how it found its value
create or replace view notable_model_agreement as
with ref as (
    select n.*, lower(regexp_replace(n.name, '[^A-Za-z0-9]+', '', 'g')) as name_key,
           nullif(array_to_string(n.accelerators, ', '), '') as accelerator_text,
           count(*) over (partition by n.source, n.arxiv_id) as variants
    from reference_notable_models n
    join papers p on p.arxiv_id = n.arxiv_id and p.status = 'ok'
),
-- every value flopwatch has for a paper, with the model row it belongs to (if any)
candidates as (
    select 'hardware' as field, arxiv_id, null::varchar as model, accelerator as text,
           null::double as value, quote, page
    from curated_hardware where role = 'training'
    union all
    select 'quantity', arxiv_id, null, null, devices, quote, page from training_devices
    union all
    select 'training_time', arxiv_id, subject, null, hours, quote, page
    from curated_training_time
    union all
    select 'parameters', arxiv_id, model, null, value, quote, page from curated_parameters
    union all
    select 'parameters', arxiv_id, model, null, parameters, parameters_quote, null
    from paper_models
    where parameters is not null and coalesce(len(parameters_checks), 0) = 0
    union all
    select 'training_compute', arxiv_id, null, null,
           coalesce(network_operations, tensor_estimate), null, null
    from compute_estimates
    where source = 'extracted' and coalesce(network_operations, tensor_estimate) > 0
    union all
    select 'publication_date', arxiv_id, null, published::date::varchar,
           epoch(published) / 86400, null, null
    from papers where status = 'ok' and published is not null
),
-- the record's value of each field, and what agreeing with it means: one list, looped over
wanted as (
    select r.source, r.arxiv_id, r.row_number, r.name, r.name_key, w.*
    from ref r, unnest([
        {'field': 'hardware', 'reference_text': r.accelerator_text, 'reference': null::double,
         'tolerance': 'the same accelerator', 'note': null::varchar},
        {'field': 'quantity', 'reference_text': null, 'reference': r.hardware_quantity,
         'tolerance': 'the same number of chips', 'note': null},
        {'field': 'training_time', 'reference_text': null, 'reference': r.training_hours,
         'tolerance': 'within 25%', 'note': r.hours_note},
        {'field': 'parameters', 'reference_text': null, 'reference': r.parameters,
         'tolerance': 'within 10%', 'note': r.parameters_note},
        {'field': 'training_compute', 'reference_text': null, 'reference': r.training_compute,
         'tolerance': 'within 3x', 'note': r.compute_note},
        {'field': 'publication_date', 'reference_text': r.published::varchar,
         'reference': epoch(r.published) / 86400, 'tolerance': 'within 31 days', 'note': null}
    ]) as u(w)
    where w.reference_text is not null or w.reference > 0
),
compared as (
    select w.*, c.text, c.value, c.quote, c.page,
           case w.field
               when 'hardware' then list_contains(r.accelerators, c.text)
               when 'quantity' then c.value = w.reference
               when 'training_time' then abs(c.value / w.reference - 1) <= 0.25
               when 'parameters' then abs(c.value / w.reference - 1) <= 0.10
               when 'training_compute' then abs(log10(c.value / w.reference)) <= log10(3)
               when 'publication_date' then abs(c.value - w.reference) <= 31
           end as agrees,
           -- of a paper with several models in the record, a model row named as the
           -- record names the model
           r.variants > 1 and c.model is not null and length(w.name_key) >= 3 and (
               contains(lower(regexp_replace(c.model, '[^A-Za-z0-9]+', '', 'g')), w.name_key)
               or contains(w.name_key, lower(regexp_replace(c.model, '[^A-Za-z0-9]+', '', 'g'))))
               as named
    from wanted w
    join ref r using (source, row_number)
    left join candidates c on c.arxiv_id = w.arxiv_id and c.field = w.field
),
nearest as (
    select * from compared
    qualify row_number() over (
        partition by source, row_number, field
        order by coalesce(named, false) desc, coalesce(agrees, false) desc,
                 abs(ln(greatest(value, 1e-300)) - ln(greatest(reference, 1e-300))) nulls last,
                 text) = 1
)
select source, arxiv_id, row_number as reference_row, name as reference_model, field,
       coalesce(reference_text,
                case when field in ('parameters', 'training_compute')
                     then printf('%.3g', reference) else printf('%g', reference) end)
           as reference_value,
       coalesce(text, case when field in ('parameters', 'training_compute')
                           then printf('%.3g', value) else printf('%g', value) end)
           as extracted_value,
       coalesce(agrees, false) as agrees, tolerance, quote, page, note as reference_note
from nearest;
