-- The brand's comments on a vendor's monthly business review (MBR) pack, one text per vendor and
-- month; a PUT replaces it. The brand writes them, the vendor reads its own.
create table business_review_comments (
  organization_id uuid not null references organizations (id),
  vendor_id uuid not null references vendors (id),
  month text not null check (month ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  body text not null,
  updated_by uuid references users (id),
  updated_at timestamptz not null default now(),
  primary key (organization_id, vendor_id, month)
);

grant select, insert, update, delete on business_review_comments to tandem_app;
alter table business_review_comments enable row level security;
create policy vendor_scope on business_review_comments to tandem_app
  using (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()))
  with check (organization_id = tandem_org() and tandem_vendor() is null);

-- The monthly mailing of the previous month's pack to each vendor's admins: one row per vendor,
-- month and recipient, so a job that runs twice sends nothing twice. Owner only (the worker).
create table business_review_mailings (
  organization_id uuid not null references organizations (id),
  vendor_id uuid not null references vendors (id),
  month text not null,
  user_id uuid not null references users (id),
  sent_at timestamptz not null default now(),
  primary key (vendor_id, month, user_id)
);
alter table business_review_mailings enable row level security;

-- A mailed pack is about no ticket; the development capture keeps it all the same.
alter table captured_mail alter column ticket_id drop not null;
