-- Each paper's training schedule on one row: how much data its longest run saw.
-- columns:
--   arxiv_id: the paper
--   epochs: passes over the training set
--   iterations: optimiser steps
--   batch_size: examples per step
--   tokens: training tokens (language models)
--   examples_seen: iterations x batch size, where both are stated
create or replace view paper_schedule as
select arxiv_id,
       max(value) filter (where kind = 'epochs') as epochs,
       max(value) filter (where kind = 'iterations') as iterations,
       max(value) filter (where kind = 'batch_size') as batch_size,
       max(value) filter (where kind = 'tokens') as tokens,
       max(value) filter (where kind = 'iterations')
           * max(value) filter (where kind = 'batch_size') as examples_seen
from paper_training_schedule
group by arxiv_id;
