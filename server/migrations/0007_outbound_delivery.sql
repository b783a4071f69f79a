-- What leaves Tandem: agent replies by email, signed webhooks to integrations and social bridges.
-- The outbox dispatcher turns each committed domain event into delivery rows in one transaction
-- (and marks the event dispatched), so a delivery exists exactly once per event and consumer.
-- Senders then lease due rows (leased_until) so several workers never send the same row at once,
-- and a worker that dies mid-send leaves a lease that simply expires.

-- An integration's endpoint. vendor_id null: a brand subscription (every event of the brand);
-- otherwise only that vendor's events. The secret signs each POST and is shown once at creation.
create table webhook_subscriptions (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  vendor_id uuid references vendors (id),
  url text not null,
  description text not null default '',
  event_types text[] not null,
  -- For social.reply: the networks this bridge posts to (empty: every network).
  networks text[] not null default '{}',
  secret text not null,
  active boolean not null default true,
  created_by uuid references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index webhook_subscriptions_org on webhook_subscriptions (organization_id) where active;

create table webhook_deliveries (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  subscription_id uuid not null references webhook_subscriptions (id) on delete cascade,
  vendor_id uuid references vendors (id),
  event_id bigint not null references domain_events (id),
  event_type text not null,
  -- Set for social.reply: the agent message whose delivery status this delivery decides.
  message_id uuid references messages (id),
  body jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'succeeded', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  leased_until timestamptz,
  last_attempt_at timestamptz,
  response_status integer,
  latency_ms integer,
  last_error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- One event can reach one subscription as itself and as a social.reply.
  unique (subscription_id, event_id, event_type)
);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_subscription on webhook_deliveries (subscription_id, created_at desc, id desc);
create index webhook_deliveries_message on webhook_deliveries (message_id) where message_id is not null;

-- One row per agent reply that goes out by email; its state is mirrored on messages.delivery_status.
create table email_deliveries (
  message_id uuid primary key references messages (id),
  organization_id uuid not null references organizations (id),
  ticket_id uuid not null references tickets (id),
  recipient text not null,
  status text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  leased_until timestamptz,
  last_attempt_at timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index email_deliveries_due on email_deliveries (next_attempt_at) where status = 'pending';

-- Development mail capture: with no relay configured, the rendered mail lands here for the UI.
create table captured_mail (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  message_id uuid not null references messages (id),
  ticket_id uuid not null references tickets (id),
  mail_from text not null,
  mail_to text not null,
  subject text not null,
  message_id_header text not null,
  in_reply_to text,
  raw text not null,
  created_at timestamptz not null default now()
);
create index captured_mail_org on captured_mail (organization_id, created_at desc, id desc);

-- A social conversation (network + the network's thread id) continues one ticket.
create table social_threads (
  organization_id uuid not null references organizations (id),
  network text not null,
  thread_id text not null,
  ticket_id uuid not null references tickets (id),
  created_at timestamptz not null default now(),
  primary key (organization_id, network, thread_id)
);
create index social_threads_ticket on social_threads (ticket_id);

grant select, insert, update, delete on webhook_subscriptions to tandem_app;
grant select, update on webhook_deliveries, email_deliveries to tandem_app;
grant select on captured_mail to tandem_app;
grant select, insert, update on social_threads to tandem_app;

alter table webhook_subscriptions enable row level security;
alter table webhook_deliveries enable row level security;
alter table email_deliveries enable row level security;
alter table captured_mail enable row level security;
alter table social_threads enable row level security;

-- A vendor's people see and manage only their vendor's subscriptions and deliveries; the brand sees all.
create policy vendor_scope on webhook_subscriptions to tandem_app
  using (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()));
create policy vendor_scope on webhook_deliveries to tandem_app
  using (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()));
create policy via_ticket on email_deliveries to tandem_app
  using (organization_id = tandem_org() and exists (select 1 from tickets t where t.id = email_deliveries.ticket_id));
-- Captured mail is a brand-side development tool.
create policy brand_only on captured_mail to tandem_app
  using (organization_id = tandem_org() and tandem_vendor() is null);
create policy via_ticket on social_threads to tandem_app
  using (organization_id = tandem_org() and exists (select 1 from tickets t where t.id = social_threads.ticket_id));
