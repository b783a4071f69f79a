-- The KPI report and the vendor page's trends count SLA timers by the moment they were decided
-- (achieved at stopped_at, breached at breached_at). Without these they read every timer of the
-- brand: at a year's size (bench:scorecard, 1,000,000 timers) that alone took longer than the
-- whole overview may.
create index sla_timers_achieved_at on sla_timers (organization_id, stopped_at) where state = 'achieved';
create index sla_timers_breached_at on sla_timers (organization_id, breached_at) where state = 'breached';
