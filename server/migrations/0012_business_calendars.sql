-- Business calendars: weekly opening hours in an IANA time zone plus holidays. Routing asks
-- "is this site open now" (follow-the-sun) and the SLA clock measures business time with them.
-- A calendar belongs to the brand (vendor_id null) or to one vendor; the brand, a vendor or a site
-- points at the calendar it works by.
create table business_calendars (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  vendor_id uuid references vendors (id),
  name text not null,
  time_zone text not null,
  -- {"mon": [{"start": "09:00", "end": "12:00"}, {"start": "13:00", "end": "18:00"}], "tue": [...], ...}
  weekly_hours jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organization_id, name)
);
create index business_calendars_vendor on business_calendars (vendor_id);

create table calendar_holidays (
  id uuid primary key default gen_random_uuid(),
  calendar_id uuid not null references business_calendars (id) on delete cascade,
  name text not null,
  date date not null,
  -- a yearly holiday recurs on the same month and day every year
  yearly boolean not null default false,
  created_at timestamptz not null default now(),
  unique (calendar_id, date)
);

alter table organizations add column calendar_id uuid references business_calendars (id);
alter table vendors add column calendar_id uuid references business_calendars (id);
alter table sites add column calendar_id uuid references business_calendars (id);

grant select, insert, update, delete on business_calendars, calendar_holidays to tandem_app;
alter table business_calendars enable row level security;
alter table calendar_holidays enable row level security;
-- Every user of the brand may read the brand's calendars (SLA clocks and routing explain
-- themselves with them); a vendor's user sees brand calendars and its own vendor's.
create policy vendor_scope on business_calendars to tandem_app
  using (organization_id = tandem_org()
    and (tandem_vendor() is null or vendor_id is null or vendor_id = tandem_vendor()))
  with check (organization_id = tandem_org()
    and (tandem_vendor() is null or vendor_id = tandem_vendor()));
create policy via_calendar on calendar_holidays to tandem_app
  using (exists (select 1 from business_calendars c where c.id = calendar_id));

-- The earliest due time among a ticket's active SLA timers (null when none): the SLA module keeps
-- it current, routing orders each queue by it (urgent first, then this, then age), and inbox
-- lists sort by it.
alter table tickets add column sla_due_at timestamptz;
create index tickets_sla_due on tickets (organization_id, sla_due_at) where sla_due_at is not null;
