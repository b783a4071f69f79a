-- Issue #21 item 1: a contract's term, notice period and renewal (docs/billing.md). They belong to
-- the contract, not to a version: versions carry the dated prices, the term is the agreement's.
alter table vendor_contracts
  add column term_ends_on date,
  add column notice_days integer check (notice_days >= 0),
  add column auto_renews boolean not null default false,
  add column renewal_term_months integer check (renewal_term_months between 1 and 120),
  add constraint vendor_contracts_renewal_term check (not auto_renews or renewal_term_months is not null);

-- Each reminder (30 and 7 days before the notice deadline, and on the term end) is sent once:
-- the daily job inserts its row first and notifies only when the insert took.
create table contract_reminders (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  vendor_id uuid not null references vendors (id),
  contract_id uuid not null references vendor_contracts (id),
  kind text not null check (kind in ('notice_30', 'notice_7', 'term_end')),
  due_on date not null,
  sent_at timestamptz not null default date_trunc('milliseconds', now()),
  unique (contract_id, kind, due_on)
);

grant select, insert on contract_reminders to tandem_app;
alter table contract_reminders enable row level security;
create policy vendor_scope on contract_reminders to tandem_app
  using (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()))
  with check (organization_id = tandem_org() and tandem_vendor() is null);
