-- Issue #21, first slice: vendor contracts and their monthly invoices (docs/billing.md).
-- A contract is a name for a vendor; its prices, minimum commitment and service-level credit rules
-- live in dated versions, so an invoice of any month recomputes from the versions effective then.

create table vendor_contracts (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  vendor_id uuid not null references vendors (id),
  name text not null check (length(name) between 1 and 200),
  created_by uuid references users (id),
  created_at timestamptz not null default date_trunc('milliseconds', now()),
  updated_at timestamptz not null default date_trunc('milliseconds', now()),
  unique (organization_id, vendor_id, name)
);
create index vendor_contracts_vendor on vendor_contracts (vendor_id, name, id);

create table vendor_contract_versions (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  contract_id uuid not null references vendor_contracts (id),
  version integer not null check (version >= 1),
  -- Effective from this day (inclusive) until effective_to (exclusive; null: open-ended), UTC days.
  effective_from date not null,
  effective_to date check (effective_to > effective_from),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  -- {lines, minimum_commitment_minor, credit_rules}: see modules/billing/invoice.ts ContractTerms.
  terms jsonb not null,
  created_by uuid references users (id),
  created_at timestamptz not null default date_trunc('milliseconds', now()),
  unique (contract_id, version)
);

create table vendor_invoices (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  vendor_id uuid not null references vendors (id),
  contract_id uuid not null references vendor_contracts (id),
  month text not null check (month ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  status text not null default 'draft' check (status in ('draft', 'approved')),
  -- The computed invoice (lines, totals per currency, notes) and the measured inputs it came from;
  -- frozen once approved.
  lines jsonb not null,
  totals jsonb not null,
  notes jsonb not null default '[]',
  inputs jsonb not null,
  computed_at timestamptz not null,
  computed_by uuid references users (id),
  approved_by uuid references users (id),
  approved_at timestamptz,
  created_at timestamptz not null default date_trunc('milliseconds', now()),
  unique (contract_id, month),
  check ((status = 'approved') = (approved_at is not null))
);
create index vendor_invoices_vendor_month on vendor_invoices (organization_id, vendor_id, month desc);

-- A version's terms never change; only its end is set when the next version starts.
grant select, insert, update on vendor_contracts, vendor_invoices to tandem_app;
grant select, insert on vendor_contract_versions to tandem_app;
grant update (effective_to) on vendor_contract_versions to tandem_app;
alter table vendor_contracts enable row level security;
alter table vendor_contract_versions enable row level security;
alter table vendor_invoices enable row level security;

-- A vendor's users see their own vendor's contracts and invoices; only the brand writes them.
create policy vendor_scope on vendor_contracts to tandem_app
  using (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()))
  with check (organization_id = tandem_org() and tandem_vendor() is null);
create policy via_contract on vendor_contract_versions to tandem_app
  using (organization_id = tandem_org()
    and exists (select 1 from vendor_contracts c where c.id = vendor_contract_versions.contract_id))
  with check (organization_id = tandem_org() and tandem_vendor() is null);
create policy vendor_scope on vendor_invoices to tandem_app
  using (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()))
  with check (organization_id = tandem_org() and tandem_vendor() is null);
