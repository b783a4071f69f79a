-- The vendors overview and the vendor page's trends read the rollup by vendor and hour only. At a
-- year's size (bench:scorecard, 1,000,000 tickets) kpi_hourly keeps a row per hour × every handling
-- dimension — 1.7 million rows, ~145,000 in a month — so those screens summed far more rows than they
-- show. kpi_vendor_hourly is the same rollup at the vendor × hour grain (≤ 24 × vendors rows a day),
-- kept by the same consumer in the same transaction, so the two always agree (rollup.test.ts). Hours
-- stay the grain so any time zone with whole-hour offsets still cuts days exactly.
-- SLA attainment joins every timer decided in the period to its ticket under both tables' policies
-- (bench:scorecard: 82,000 timers in a month, 11 s). The rollup now counts each decided timer in the
-- hour it was decided, by the ticket's handling like every other figure (contribution.ts), and the
-- SLA module emits sla.decided whenever a ticket's verdicts change so the ticket is refreshed.
alter table kpi_hourly add column sla_decided bigint not null default 0, add column sla_met bigint not null default 0;

create table kpi_vendor_hourly (
  organization_id uuid not null references organizations (id),
  hour timestamptz not null,
  vendor_id uuid,
  tickets_created bigint not null default 0,
  first_responses bigint not null default 0,
  first_response_ms bigint not null default 0,
  first_response_histogram bigint[] not null default '{0,0,0,0,0,0,0,0,0,0,0,0}',
  solved_first bigint not null default 0,
  resolution_first_ms bigint not null default 0,
  reopened bigint not null default 0,
  resolved_last bigint not null default 0,
  resolution_last_ms bigint not null default 0,
  resolution_histogram bigint[] not null default '{0,0,0,0,0,0,0,0,0,0,0,0}',
  fcr_resolved bigint not null default 0,
  fcr_met bigint not null default 0,
  handled bigint not null default 0,
  escalated bigint not null default 0,
  transferred bigint not null default 0,
  handle_contacts bigint not null default 0,
  handle_ms bigint not null default 0,
  calls_answered bigint not null default 0,
  answer_wait_ms bigint not null default 0,
  calls_abandoned bigint not null default 0,
  calls_short_abandoned bigint not null default 0,
  surveys_sent bigint not null default 0,
  surveys_answered bigint not null default 0,
  csat_responses bigint not null default 0,
  csat_good bigint not null default 0,
  nps_responses bigint not null default 0,
  nps_promoters bigint not null default 0,
  nps_detractors bigint not null default 0,
  ces_responses bigint not null default 0,
  ces_sum bigint not null default 0,
  sla_decided bigint not null default 0,
  sla_met bigint not null default 0,
  unique nulls not distinct (organization_id, hour, vendor_id)
);

insert into kpi_vendor_hourly
select organization_id, hour, vendor_id,
  sum(tickets_created), sum(first_responses), sum(first_response_ms),
  array[sum(first_response_histogram[1]), sum(first_response_histogram[2]), sum(first_response_histogram[3]),
        sum(first_response_histogram[4]), sum(first_response_histogram[5]), sum(first_response_histogram[6]),
        sum(first_response_histogram[7]), sum(first_response_histogram[8]), sum(first_response_histogram[9]),
        sum(first_response_histogram[10]), sum(first_response_histogram[11]), sum(first_response_histogram[12])]::bigint[],
  sum(solved_first), sum(resolution_first_ms), sum(reopened), sum(resolved_last), sum(resolution_last_ms),
  array[sum(resolution_histogram[1]), sum(resolution_histogram[2]), sum(resolution_histogram[3]),
        sum(resolution_histogram[4]), sum(resolution_histogram[5]), sum(resolution_histogram[6]),
        sum(resolution_histogram[7]), sum(resolution_histogram[8]), sum(resolution_histogram[9]),
        sum(resolution_histogram[10]), sum(resolution_histogram[11]), sum(resolution_histogram[12])]::bigint[],
  sum(fcr_resolved), sum(fcr_met), sum(handled), sum(escalated), sum(transferred), sum(handle_contacts),
  sum(handle_ms), sum(calls_answered), sum(answer_wait_ms), sum(calls_abandoned), sum(calls_short_abandoned),
  sum(surveys_sent), sum(surveys_answered), sum(csat_responses), sum(csat_good), sum(nps_responses),
  sum(nps_promoters), sum(nps_detractors), sum(ces_responses), sum(ces_sum), 0, 0
from kpi_hourly
group by organization_id, hour, vendor_id;

grant select on kpi_vendor_hourly to tandem_app;
alter table kpi_vendor_hourly enable row level security;
-- As kpi_hourly: a vendor sees the rows of the contacts it handled.
create policy vendor_scope on kpi_vendor_hourly to tandem_app
  using (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()));

-- The backlog counts open tickets by age now. Without this it read every open ticket's heap row
-- through the tickets' policy (bench:scorecard: 150,000 open tickets took 1.8 s); with the handling
-- columns included it is an index-only scan over the open tickets alone.
create index tickets_backlog on tickets (organization_id, created_at)
  include (vendor_id, site_id, team_id, agent_id, queue) where status not in ('solved', 'closed');

-- Brands whose rollup was built before its current definition (here: before SLA attainment was in
-- it). Until the rebuild job has rebuilt a brand, its report reads attainment from the timers as
-- before; rebuild() removes the brand's row. A brand created later starts with the current one.
create table kpi_rollup_outdated (
  organization_id uuid primary key references organizations (id),
  since timestamptz not null default now()
);
insert into kpi_rollup_outdated (organization_id) select id from organizations;
grant select on kpi_rollup_outdated to tandem_app;
alter table kpi_rollup_outdated enable row level security;
create policy organization_scope on kpi_rollup_outdated to tandem_app using (organization_id = tandem_org());
