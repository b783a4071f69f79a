-- Email in: the brand's support addresses (the address a mail was sent to decides the organization
-- and the defaults of the ticket), stored attachments, and a log of every inbound mail's outcome
-- (tickets, replies, duplicates, and noise such as auto-replies and bounces that made no ticket).

create table support_addresses (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  -- Lower-case and unique across organizations: an inbound RCPT names exactly one brand.
  address text not null unique check (address = lower(address) and address ~ '^[^\s@]+@[^\s@]+$'),
  name text not null default '',
  queue text,
  language text,
  vendor_id uuid references vendors (id),
  active boolean not null default true,
  created_at timestamptz not null default date_trunc('milliseconds', now()),
  updated_at timestamptz not null default date_trunc('milliseconds', now())
);
create index support_addresses_org on support_addresses (organization_id, address);

-- Files are content-addressed in the attachment store (storage_key = their SHA-256); this row ties one
-- to a message and is visible exactly when its ticket is.
create table attachments (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  ticket_id uuid not null references tickets (id),
  message_id uuid not null references messages (id),
  filename text not null,
  declared_content_type text not null,
  sniffed_content_type text,
  size bigint not null check (size >= 0),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  storage_key text not null,
  created_at timestamptz not null default date_trunc('milliseconds', now())
);
create index attachments_message on attachments (message_id);
create index attachments_ticket on attachments (ticket_id);

-- One row per inbound mail per organization. raw_key names the original .eml in the attachment store.
-- The per-sender rate limit counts these rows.
create table email_intake (
  id bigint generated always as identity primary key,
  organization_id uuid not null references organizations (id),
  sender text not null,
  recipient text not null,
  message_id_header text,
  outcome text not null check (outcome in ('ticket', 'reply', 'duplicate', 'ignored')),
  reason text,
  ticket_id uuid references tickets (id),
  message_id uuid references messages (id),
  raw_key text,
  created_at timestamptz not null default now()
);
create index email_intake_sender on email_intake (sender, created_at);
create index email_intake_org on email_intake (organization_id, created_at desc);

grant select, insert, update, delete on support_addresses, attachments to tandem_app;
grant select, insert on email_intake to tandem_app;

alter table support_addresses enable row level security;
alter table attachments enable row level security;
alter table email_intake enable row level security;

-- Support addresses and the intake log are brand configuration: brand-side users only.
create policy brand_only on support_addresses to tandem_app
  using (organization_id = tandem_org() and tandem_vendor() is null);
create policy brand_only on email_intake to tandem_app
  using (organization_id = tandem_org() and tandem_vendor() is null);
create policy via_ticket on attachments to tandem_app
  using (organization_id = tandem_org() and exists (select 1 from tickets t where t.id = attachments.ticket_id));
