-- Issue #21 item 3: the vendor's own invoice reconciled against Tandem's (docs/billing.md,
-- "Reconciliation"). A vendor's admins submit claims (each resubmission a new version, the old ones
-- kept); both sides comment; the brand accepts or disputes. Nothing here is ever updated or deleted.

create table vendor_invoice_claims (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  vendor_id uuid not null references vendors (id),
  invoice_id uuid not null references vendor_invoices (id),
  version integer not null check (version >= 1),
  source text not null check (source in ('json', 'csv')),
  -- The vendor's lines (modules/billing/reconcile.ts ClaimLine) and their total per currency.
  lines jsonb not null,
  totals jsonb not null,
  submitted_by uuid references users (id),
  submitted_at timestamptz not null default date_trunc('milliseconds', now()),
  unique (invoice_id, version)
);

create table vendor_invoice_reconciliation_events (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  vendor_id uuid not null references vendors (id),
  invoice_id uuid not null references vendor_invoices (id),
  kind text not null check (kind in ('comment', 'accept', 'dispute')),
  -- The claim version a decision is about (required for accept and dispute).
  claim_version integer check (claim_version >= 1),
  -- The reconciled line a comment is about (a key of the matcher's result); null: the whole invoice.
  line_key text check (length(line_key) <= 500),
  comment text not null check (length(comment) between 1 and 4000),
  author_id uuid not null references users (id),
  created_at timestamptz not null default date_trunc('milliseconds', now()),
  check (kind = 'comment' or claim_version is not null)
);
create index vendor_invoice_reconciliation_events_invoice
  on vendor_invoice_reconciliation_events (invoice_id, created_at, id);

-- Append-only history: the application role may only read and insert.
grant select, insert on vendor_invoice_claims, vendor_invoice_reconciliation_events to tandem_app;
alter table vendor_invoice_claims enable row level security;
alter table vendor_invoice_reconciliation_events enable row level security;

-- A vendor's users see their own vendor's claims and history. Only the invoice's vendor submits a
-- claim, for an invoice it can see and under its own name.
create policy vendor_scope on vendor_invoice_claims to tandem_app
  using (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()))
  with check (organization_id = tandem_org() and vendor_id = tandem_vendor()
    and submitted_by = tandem_user()
    and exists (select 1 from vendor_invoices i
                where i.id = vendor_invoice_claims.invoice_id and i.vendor_id = vendor_invoice_claims.vendor_id));
-- Both sides comment, each under its own name; only the brand accepts or disputes.
create policy vendor_scope on vendor_invoice_reconciliation_events to tandem_app
  using (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()))
  with check (organization_id = tandem_org() and author_id = tandem_user()
    and (tandem_vendor() is null or (vendor_id = tandem_vendor() and kind = 'comment'))
    and exists (select 1 from vendor_invoices i
                where i.id = vendor_invoice_reconciliation_events.invoice_id
                  and i.vendor_id = vendor_invoice_reconciliation_events.vendor_id));
