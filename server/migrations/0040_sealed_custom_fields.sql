-- Issue #20 item 3: the brand's sensitive custom fields, sealed at rest in tickets.custom_fields
-- (docs/security.md#encryption-at-rest). Written by the privacy module only; the tickets module
-- reads it to seal on write and open on read.

-- One row per organization (no row: no custom field is sealed). keys: custom field names whose
-- values are stored in tickets.custom_fields as sealed strings bound to the ticket.
create table sealed_custom_fields (
  organization_id uuid primary key references organizations (id),
  keys text[] not null default '{}',
  updated_by uuid references users (id),
  updated_at timestamptz not null default date_trunc('milliseconds', now()),
  check (cardinality(keys) <= 100)
);

grant select, insert, update on sealed_custom_fields to tandem_app;
alter table sealed_custom_fields enable row level security;

-- Every user of the brand reads the list (every write of a ticket needs it); only brand users write it.
create policy org_read on sealed_custom_fields to tandem_app
  using (organization_id = tandem_org())
  with check (organization_id = tandem_org() and tandem_vendor() is null);
