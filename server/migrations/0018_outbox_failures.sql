-- Issue #16: one bad event (or a bad configuration it meets) must never stop the outbox for
-- everyone. When a consumer fails on an event, the dispatcher isolates that event for that consumer,
-- dispatches the rest, and records the failure here; a retry pass tries it again with backoff and,
-- after the last attempt, leaves it dead for a brand admin to see and replay.
create table outbox_failures (
  id bigint generated always as identity primary key,
  event_id bigint not null references domain_events (id),
  organization_id uuid not null references organizations (id),
  consumer text not null,
  attempts integer not null default 1 check (attempts >= 0),
  last_error text not null,
  first_failed_at timestamptz not null default now(),
  last_failed_at timestamptz not null default now(),
  -- null once dead (no more automatic attempts)
  next_attempt_at timestamptz,
  dead_at timestamptz,
  unique (event_id, consumer)
);
create index outbox_failures_due on outbox_failures (next_attempt_at) where dead_at is null;

grant select on outbox_failures to tandem_app;
alter table outbox_failures enable row level security;
-- Failures cross vendors (an event's consumers act for the whole brand): brand users only.
create policy brand_only on outbox_failures for select to tandem_app
  using (organization_id = tandem_org() and tandem_vendor() is null);
