-- SLA policies, live timers, breach actions, notifications and contract service levels (issue #6).

-- Ordered brand policies: the first whose conditions match a ticket gives its targets.
create table sla_policies (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  name text not null,
  position integer not null,
  active boolean not null default true,
  -- {"priorities": [...], "channels": [...], "queues": [...], "tiers": [...], "vendor_ids": [...], "tags": [...]}
  -- an empty or missing list matches anything; tags match when the ticket has any of them
  conditions jsonb not null default '{}',
  -- [{"metric": "first_reply", "priority": "high", "minutes": 60, "business": true}, ...]
  targets jsonb not null,
  -- share of a target at which to warn (e.g. 75); null: no warning
  warn_percent integer check (warn_percent between 1 and 99),
  -- on breach: {"notify": true, "raise_priority": true, "move_to_queue": "escalations",
  --             "backup_vendor_id": "...", "webhook": true}
  breach_actions jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organization_id, name)
);
create index sla_policies_order on sla_policies (organization_id, position);

-- The current cycle of each metric's timer per ticket, recomputed from the ticket's history whenever
-- it changes; next_action_at is the earliest warning or breach still to act on, which the scanner
-- claims with FOR UPDATE SKIP LOCKED.
create table sla_timers (
  ticket_id uuid not null references tickets (id) on delete cascade,
  metric text not null,
  organization_id uuid not null references organizations (id),
  policy_id uuid references sla_policies (id) on delete set null,
  cycle integer not null,
  state text not null check (state in ('active', 'paused', 'achieved', 'breached')),
  target_minutes integer not null,
  business boolean not null,
  started_at timestamptz not null,
  elapsed_ms bigint not null,
  due_at timestamptz,
  warn_at timestamptz,
  breached_at timestamptz,
  stopped_at timestamptz,
  breached_cycles integer not null default 0,
  next_action_at timestamptz,
  updated_at timestamptz not null default now(),
  primary key (ticket_id, metric)
);
create index sla_timers_next_action on sla_timers (next_action_at) where next_action_at is not null;

-- Each warning or breach acted on, once: the key (ticket, metric, cycle, kind) is what makes a
-- restart or a second process unable to act twice.
create table sla_actions (
  id bigint generated always as identity primary key,
  organization_id uuid not null references organizations (id),
  ticket_id uuid not null references tickets (id) on delete cascade,
  metric text not null,
  cycle integer not null,
  kind text not null check (kind in ('warning', 'breach')),
  due_at timestamptz not null,
  fired_at timestamptz not null default clock_timestamp(),
  actions jsonb not null default '[]',
  unique (ticket_id, metric, cycle, kind)
);

-- In-app notifications (team leads, vendor managers); the realtime socket pushes them as events.
create table notifications (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  vendor_id uuid references vendors (id),
  user_id uuid not null references users (id) on delete cascade,
  ticket_id uuid references tickets (id) on delete cascade,
  kind text not null,
  title text not null,
  data jsonb not null default '{}',
  created_at timestamptz not null default now(),
  read_at timestamptz
);
create index notifications_user on notifications (user_id, created_at desc);

-- Contract service levels: an aggregate target per vendor (optionally one site, queue or channel).
create table service_level_targets (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  vendor_id uuid not null references vendors (id),
  site_id uuid references sites (id),
  queue text,
  channel text,
  name text not null,
  measure text not null check (measure in ('first_reply', 'resolution')),
  threshold_seconds integer not null check (threshold_seconds > 0),
  business boolean not null default false,
  target_percent numeric(5, 2) not null check (target_percent > 0 and target_percent <= 100),
  variant smallint not null check (variant between 1 and 5),
  short_abandon_seconds integer not null default 5 check (short_abandon_seconds >= 0),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organization_id, vendor_id, name)
);

-- A policy change re-times every open ticket of the brand: the worker walks them in id order in
-- small transactions, keeping its place here, so a restart resumes where it stopped.
create table sla_recompute_requests (
  organization_id uuid primary key references organizations (id),
  requested_at timestamptz not null default now(),
  after_ticket_id uuid
);

create index tickets_open_sla on tickets (organization_id, id) where status not in ('solved', 'closed');

grant select, insert, update, delete on sla_policies, service_level_targets to tandem_app;
grant select on sla_timers, sla_actions to tandem_app;
grant select, update on notifications to tandem_app;
alter table sla_policies enable row level security;
alter table sla_timers enable row level security;
alter table sla_actions enable row level security;
alter table notifications enable row level security;
alter table service_level_targets enable row level security;

-- Policies are the brand's: everyone in the brand reads them (timers explain themselves), only
-- brand-side users change them.
create policy brand_writes on sla_policies to tandem_app
  using (organization_id = tandem_org())
  with check (organization_id = tandem_org() and tandem_vendor() is null);
create policy via_ticket on sla_timers to tandem_app
  using (organization_id = tandem_org() and exists (select 1 from tickets t where t.id = sla_timers.ticket_id));
create policy via_ticket on sla_actions to tandem_app
  using (organization_id = tandem_org() and exists (select 1 from tickets t where t.id = sla_actions.ticket_id));
create policy own_notifications on notifications to tandem_app
  using (organization_id = tandem_org() and user_id = tandem_user());
-- A vendor sees its own contract targets; only the brand sets them.
create policy vendor_scope on service_level_targets to tandem_app
  using (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()))
  with check (organization_id = tandem_org() and tandem_vendor() is null);
