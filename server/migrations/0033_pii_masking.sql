-- Issue #20 item 1: PII masking for outsourced roles with audited, time-boxed reveal
-- (docs/privacy.md#masking). Written by the privacy module only.

-- The brand's policy, one per organization (no row: nobody is masked). masked_roles: vendor roles
-- whose users, in an outsourced vendor, see customer data masked; reveal_roles: those of them who
-- may reveal one customer for reveal_minutes, giving a reason.
create table pii_masking_policies (
  organization_id uuid primary key references organizations (id),
  masked_roles text[] not null default '{}',
  reveal_roles text[] not null default '{}',
  reveal_minutes integer not null default 15 check (reveal_minutes between 1 and 480),
  updated_by uuid references users (id),
  updated_at timestamptz not null default date_trunc('milliseconds', now()),
  check (masked_roles <@ array['vendor_admin', 'team_lead', 'agent', 'qa_reviewer']),
  check (reveal_roles <@ masked_roles)
);

-- One reveal: a user saw one customer's data unmasked until expires_at, for a reason. Kept after it
-- expires (the audit chain holds it too), so a brand can review who revealed whom and why.
create table pii_reveals (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  -- The revealing user's vendor, so a vendor admin sees its own people's reveals.
  vendor_id uuid references vendors (id),
  user_id uuid not null references users (id),
  customer_id uuid not null references customers (id),
  ticket_id uuid references tickets (id),
  reason text not null check (length(reason) between 10 and 500),
  created_at timestamptz not null default date_trunc('milliseconds', now()),
  expires_at timestamptz not null,
  check (expires_at > created_at)
);
create index pii_reveals_user_expiry on pii_reveals (user_id, expires_at desc);
create index pii_reveals_org_created on pii_reveals (organization_id, created_at desc, id desc);

grant select, insert, update on pii_masking_policies to tandem_app;
grant select, insert on pii_reveals to tandem_app;
alter table pii_masking_policies enable row level security;
alter table pii_reveals enable row level security;

-- Every user of the brand reads the policy (it decides what they see); only brand users write it.
create policy org_read on pii_masking_policies to tandem_app
  using (organization_id = tandem_org())
  with check (organization_id = tandem_org() and tandem_vendor() is null);
create policy vendor_scope on pii_reveals to tandem_app
  using (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()))
  with check (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()));
