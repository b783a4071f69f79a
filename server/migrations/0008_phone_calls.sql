-- Phone: one row per call as the telephony system (CTI) reports it, and the events received for it.
-- The call row is the raw data for AHT (talk + hold + wrap-up), ASA (wait of answered calls),
-- abandonment and service level; every call is tied to one phone ticket of the caller's customer.
create table calls (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  -- The telephony system's id for the call; events for it arrive in any order, each once.
  call_id text not null,
  ticket_id uuid not null references tickets (id),
  customer_id uuid not null references customers (id),
  direction text not null default 'inbound' check (direction in ('inbound', 'outbound')),
  status text not null check (status in ('offered', 'answered', 'ended', 'abandoned')),
  caller_number text,
  dialled_number text,
  ivr_path text[] not null default '{}',
  queue text,
  agent_id uuid references users (id),
  offered_at timestamptz,
  answered_at timestamptz,
  ended_at timestamptz,
  abandoned_at timestamptz,
  wait_seconds numeric(10, 3) check (wait_seconds >= 0),
  talk_seconds numeric(10, 3) check (talk_seconds >= 0),
  hold_seconds numeric(10, 3) check (hold_seconds >= 0),
  wrap_up_seconds numeric(10, 3) check (wrap_up_seconds >= 0),
  recording_url text,
  created_at timestamptz not null default date_trunc('milliseconds', now()),
  updated_at timestamptz not null default date_trunc('milliseconds', now()),
  unique (organization_id, call_id)
);
create index calls_ticket on calls (ticket_id);
create index calls_org_offered on calls (organization_id, offered_at);

create table call_events (
  call_row_id uuid not null references calls (id),
  organization_id uuid not null references organizations (id),
  event text not null check (event in ('offered', 'answered', 'ended', 'abandoned')),
  occurred_at timestamptz not null,
  payload jsonb not null,
  received_at timestamptz not null default now(),
  -- A redelivered event is stored once.
  primary key (call_row_id, event)
);

grant select, insert, update on calls to tandem_app;
grant select, insert on call_events to tandem_app;
alter table calls enable row level security;
alter table call_events enable row level security;
-- A call is visible exactly when its ticket is; its events when the call is.
create policy via_ticket on calls to tandem_app
  using (organization_id = tandem_org() and exists (select 1 from tickets t where t.id = calls.ticket_id));
create policy via_call on call_events to tandem_app
  using (organization_id = tandem_org() and exists (select 1 from calls c where c.id = call_events.call_row_id));
