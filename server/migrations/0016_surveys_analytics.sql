-- Issue #7, first part: customer surveys (CSAT, NPS, CES), console activity for handle time, the
-- brand's order counts, and the hourly KPI rollup that reports read.

-- The HMAC key that signs survey links when TANDEM_SURVEY_SECRET is unset: generated once, shared
-- by every process. Owner only.
create table survey_secrets (
  id smallint primary key default 1 check (id = 1),
  secret text not null,
  created_at timestamptz not null default now()
);
alter table survey_secrets enable row level security;

-- Which surveys a brand sends. CES is off unless the brand turns it on.
create table survey_settings (
  organization_id uuid primary key references organizations (id),
  csat_enabled boolean not null default true,
  nps_enabled boolean not null default true,
  ces_enabled boolean not null default false,
  ces_lower_is_better boolean not null default true,
  updated_at timestamptz not null default now()
);

-- One survey sent to one customer. The contact's handling (vendor … priority) is copied at the
-- moment the survey is created (the solve), so a later reassignment never moves a rating.
create table surveys (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  kind text not null check (kind in ('csat', 'nps', 'ces')),
  via text not null check (via in ('email', 'chat')),
  ticket_id uuid references tickets (id),
  customer_id uuid not null references customers (id),
  recipient text,
  vendor_id uuid references vendors (id),
  site_id uuid references sites (id),
  team_id uuid references teams (id),
  agent_id uuid references users (id),
  queue text,
  channel text,
  language text,
  priority text,
  -- email sending: the survey row is its own delivery queue (like email_deliveries).
  delivery_status text not null default 'pending' check (delivery_status in ('pending', 'sent', 'failed', 'none')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  leased_until timestamptz,
  last_error text,
  sent_at timestamptz,
  answered_at timestamptz,
  created_at timestamptz not null default date_trunc('milliseconds', now())
);
create unique index surveys_one_per_ticket on surveys (ticket_id, kind) where ticket_id is not null;
create index surveys_due on surveys (next_attempt_at) where delivery_status = 'pending';
create index surveys_customer on surveys (organization_id, customer_id, created_at desc);
create index surveys_vendor_sent on surveys (organization_id, vendor_id, sent_at);

-- Every version of a survey's answer: the first is the response, later ones are edits within the
-- edit window. The newest version counts; none is ever changed or removed.
create table survey_responses (
  id bigint generated always as identity primary key,
  survey_id uuid not null references surveys (id),
  organization_id uuid not null references organizations (id),
  vendor_id uuid references vendors (id),
  version integer not null check (version >= 1),
  score integer not null check (score between 0 and 10),
  comment text,
  comment_search tsvector generated always as (to_tsvector('simple', coalesce(comment, ''))) stored,
  created_at timestamptz not null default date_trunc('milliseconds', now()),
  unique (survey_id, version)
);
create index survey_responses_search on survey_responses using gin (comment_search);

-- The console's heartbeats, folded into spans of unbroken attention (one row per span, not per beat).
create table activity_spans (
  id bigint generated always as identity primary key,
  organization_id uuid not null references organizations (id),
  vendor_id uuid references vendors (id),
  agent_id uuid not null references users (id),
  ticket_id uuid not null references tickets (id),
  state text not null check (state in ('focused', 'composing', 'on_call')),
  started_at timestamptz not null,
  last_at timestamptz not null,
  check (last_at >= started_at)
);
create index activity_spans_agent on activity_spans (agent_id, last_at desc);
create index activity_spans_ticket on activity_spans (ticket_id);

-- Orders per hour as the brand reports them, for contacts per 1,000 orders.
create table order_counts (
  organization_id uuid not null references organizations (id),
  hour timestamptz not null check (date_trunc('hour', hour) = hour),
  orders integer not null check (orders >= 0),
  updated_at timestamptz not null default now(),
  primary key (organization_id, hour)
);

-- The hourly rollup: additive counters per hour and handling. Durations in integer milliseconds so
-- sums are exact; histograms are counts per duration bucket (kpis/histogram.ts).
create table kpi_hourly (
  organization_id uuid not null references organizations (id),
  hour timestamptz not null,
  vendor_id uuid,
  site_id uuid,
  team_id uuid,
  agent_id uuid,
  queue text,
  channel text,
  language text,
  priority text,
  tickets_created bigint not null default 0,
  first_responses bigint not null default 0,
  first_response_ms bigint not null default 0,
  first_response_histogram bigint[] not null default '{0,0,0,0,0,0,0,0,0,0,0,0}',
  solved_first bigint not null default 0,
  resolution_first_ms bigint not null default 0,
  reopened bigint not null default 0,
  resolved_last bigint not null default 0,
  resolution_last_ms bigint not null default 0,
  resolution_histogram bigint[] not null default '{0,0,0,0,0,0,0,0,0,0,0,0}',
  fcr_resolved bigint not null default 0,
  fcr_met bigint not null default 0,
  handled bigint not null default 0,
  escalated bigint not null default 0,
  transferred bigint not null default 0,
  handle_contacts bigint not null default 0,
  handle_ms bigint not null default 0,
  calls_answered bigint not null default 0,
  answer_wait_ms bigint not null default 0,
  calls_abandoned bigint not null default 0,
  calls_short_abandoned bigint not null default 0,
  surveys_sent bigint not null default 0,
  surveys_answered bigint not null default 0,
  csat_responses bigint not null default 0,
  csat_good bigint not null default 0,
  nps_responses bigint not null default 0,
  nps_promoters bigint not null default 0,
  nps_detractors bigint not null default 0,
  ces_responses bigint not null default 0,
  ces_sum bigint not null default 0,
  unique nulls not distinct (organization_id, hour, vendor_id, site_id, team_id, agent_id, queue, channel,
    language, priority)
);
create index kpi_hourly_org_hour on kpi_hourly (organization_id, hour);

-- What each unit (a ticket, a survey) last added to kpi_hourly, so a new event replaces the unit's
-- contribution (subtract old, add new) instead of adding to it: replays change nothing, late events
-- correct the hours they belong to. Owner only.
create table kpi_units (
  organization_id uuid not null references organizations (id),
  unit text not null,
  rows jsonb not null,
  updated_at timestamptz not null default now(),
  primary key (organization_id, unit)
);
alter table kpi_units enable row level security;

-- Survey mail lands in the development capture too; it carries no agent message.
alter table captured_mail alter column message_id drop not null;
alter table captured_mail add column survey_id uuid references surveys (id);

grant select, insert, update on survey_settings to tandem_app;
grant select, insert, update on surveys to tandem_app;
grant select, insert on survey_responses to tandem_app;
grant select, insert, update on activity_spans to tandem_app;
grant select, insert, update on order_counts to tandem_app;
grant select on kpi_hourly to tandem_app;

alter table survey_settings enable row level security;
alter table surveys enable row level security;
alter table survey_responses enable row level security;
alter table activity_spans enable row level security;
alter table order_counts enable row level security;
alter table kpi_hourly enable row level security;

create policy brand_scope on survey_settings to tandem_app using (organization_id = tandem_org());
-- A vendor sees the surveys, responses, activity and rollup rows of the contacts it handled.
create policy vendor_scope on surveys to tandem_app
  using (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()));
create policy vendor_scope on survey_responses to tandem_app
  using (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()));
create policy vendor_scope on activity_spans to tandem_app
  using (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()));
create policy vendor_scope on kpi_hourly to tandem_app
  using (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()));
-- Orders are the brand's figure: every user reads them (the ratio's denominator), brand users write.
create policy read_all on order_counts for select to tandem_app using (organization_id = tandem_org());
create policy brand_write on order_counts for insert to tandem_app
  with check (organization_id = tandem_org() and tandem_vendor() is null);
create policy brand_update on order_counts for update to tandem_app
  using (organization_id = tandem_org() and tandem_vendor() is null);
