-- Issue #21 item 5: the in-house team's cost model, for the fully loaded cost per contact and the
-- TCO comparison (docs/billing.md#tco). One per organization; each change is in the audit chain.
-- Written by the billing module; brand only, like contracts.
create table inhouse_cost_models (
  organization_id uuid primary key references organizations (id),
  -- modules/billing/tco.ts InhouseCostModel, validated by tco.schemas.ts.
  model jsonb not null,
  updated_by uuid references users (id),
  updated_at timestamptz not null default date_trunc('milliseconds', now())
);
grant select, insert, update on inhouse_cost_models to tandem_app;
alter table inhouse_cost_models enable row level security;
-- Vendors never read it: it is the brand's own cost base.
create policy brand_only on inhouse_cost_models to tandem_app
  using (organization_id = tandem_org() and tandem_vendor() is null)
  with check (organization_id = tandem_org() and tandem_vendor() is null);
