-- Issue #15: re-timing a brand's open tickets after its history was loaded in bulk (the demo seed)
-- must not act today on warnings and breaches that fell due in that history: a live system would
-- have acted on them back then. Actions due before this instant are recorded as acknowledged,
-- with no effect; later ones fire as usual.
alter table sla_recompute_requests add column acknowledge_before timestamptz;
