-- SCIM 2.0 provisioning (issue 20 item 6, docs/security.md "SCIM provisioning").
-- A SCIM token belongs to one vendor: the identity provider of that vendor creates, changes and
-- deactivates that vendor's users and nobody else's. Only the token's SHA-256 is stored.
create table scim_tokens (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  vendor_id uuid not null references vendors (id),
  name text not null,
  token_hash text not null unique,
  -- The role of a user the identity provider creates without a Tandem role in `roles`.
  default_role text not null default 'agent' check (default_role in ('vendor_admin', 'team_lead', 'agent', 'qa_reviewer')),
  -- The admin who issued it: SCIM changes are audited as this user "via SCIM token <id>".
  created_by uuid not null references users (id),
  revoked_at timestamptz,
  last_used_at timestamptz,
  created_at timestamptz not null default now()
);
create index scim_tokens_vendor on scim_tokens (vendor_id);

-- The identity provider's own id for a user it provisioned (SCIM externalId), per vendor.
create table scim_users (
  user_id uuid primary key references users (id) on delete cascade,
  organization_id uuid not null references organizations (id),
  vendor_id uuid not null references vendors (id),
  external_id text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index scim_users_external_id on scim_users (vendor_id, external_id) where external_id is not null;

grant select, insert, update on scim_tokens to tandem_app;
grant select, insert, update, delete on scim_users to tandem_app;
alter table scim_tokens enable row level security;
alter table scim_users enable row level security;
create policy vendor_scope on scim_tokens to tandem_app
  using (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()));
create policy vendor_scope on scim_users to tandem_app
  using (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()));
