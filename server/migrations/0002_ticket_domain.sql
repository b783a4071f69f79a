-- Ticket domain: indexes for the ticket list's filters and sorts, a sortable priority, and
-- millisecond timestamps so a keyset cursor (which travels as a JS ISO string) names a row exactly.

-- JS dates carry milliseconds; with microsecond defaults a cursor built from a row would skip or
-- repeat rows created within the same millisecond.
alter table customers alter column created_at set default date_trunc('milliseconds', now());
alter table customers alter column updated_at set default date_trunc('milliseconds', now());
alter table tickets alter column created_at set default date_trunc('milliseconds', now());
alter table tickets alter column updated_at set default date_trunc('milliseconds', now());
alter table messages alter column created_at set default date_trunc('milliseconds', now());

-- Text priorities sort alphabetically (high < low < normal < urgent); the rank sorts by urgency.
alter table tickets add column priority_rank smallint generated always as (
  case priority when 'low' then 0 when 'normal' then 1 when 'high' then 2 else 3 end
) stored;

create index tickets_org_updated on tickets (organization_id, updated_at desc, id desc);
create index tickets_vendor_updated on tickets (vendor_id, updated_at desc, id desc);
create index tickets_org_priority on tickets (organization_id, priority_rank desc, id desc);
create index tickets_vendor_priority on tickets (vendor_id, priority_rank desc, id desc);
-- The working views: open work per status, newest first.
create index tickets_org_status_created on tickets (organization_id, status, created_at desc, id desc);
create index tickets_vendor_status_created on tickets (vendor_id, status, created_at desc, id desc);
create index tickets_tags on tickets using gin (tags);

create index customers_org_created on customers (organization_id, created_at desc, id desc);
create index customers_merged_into on customers (merged_into_id) where merged_into_id is not null;
