-- No query reads sla_clocks by (target, state, stopped_at), yet every new complaint's clocks were added to it at
-- several places at once: about 11 % of the pages each group commit wrote (docs/performance.md). Statistics that
-- need it will add the index their queries use.
DROP INDEX IF EXISTS sla_clocks_for_statistics;
