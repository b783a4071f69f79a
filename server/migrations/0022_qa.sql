-- Issue #19, first slice: QA scorecards and reviews (docs/qa.md).
-- A scorecard is a name; its sections, criteria and weights live in immutable versions, so a review
-- keeps the version it was scored on while the scorecard moves on.

create table qa_scorecards (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  -- null: the brand's; else a vendor's own internal scorecard.
  vendor_id uuid references vendors (id),
  name text not null check (length(name) between 1 and 200),
  active boolean not null default true,
  created_by uuid references users (id),
  created_at timestamptz not null default date_trunc('milliseconds', now()),
  updated_at timestamptz not null default date_trunc('milliseconds', now())
);
create index qa_scorecards_org on qa_scorecards (organization_id, name, id);

create table qa_scorecard_versions (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  scorecard_id uuid not null references qa_scorecards (id),
  version integer not null check (version >= 1),
  -- Sections → criteria with scales, weights, N/A, critical and bonus; see modules/qa/scoring.ts.
  definition jsonb not null,
  -- Where the scorecard applies; empty means every channel, queue or language.
  channels text[] not null default '{}',
  queues text[] not null default '{}',
  languages text[] not null default '{}',
  created_by uuid references users (id),
  created_at timestamptz not null default date_trunc('milliseconds', now()),
  unique (scorecard_id, version)
);

create table qa_reviews (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  scorecard_version_id uuid not null references qa_scorecard_versions (id),
  ticket_id uuid not null references tickets (id),
  agent_id uuid not null references users (id),
  -- The vendor that handled the reviewed ticket when the review was drafted.
  vendor_id uuid references vendors (id),
  reviewer_id uuid not null references users (id),
  state text not null default 'draft' check (state in ('draft', 'submitted')),
  -- criterion id → {value: number | "n/a", comment?, message_id?}
  answers jsonb not null default '{}',
  comment text check (length(comment) <= 20000),
  -- Computed by modules/qa/scoring.ts on submit and kept: a later scorecard version never rescores.
  score_numerator double precision,
  score_denominator double precision,
  score_percent double precision,
  auto_failed boolean,
  score_detail jsonb,
  created_at timestamptz not null default date_trunc('milliseconds', now()),
  updated_at timestamptz not null default date_trunc('milliseconds', now()),
  submitted_at timestamptz,
  check ((state = 'submitted') = (submitted_at is not null)),
  check (state = 'draft' or (score_denominator is not null and auto_failed is not null))
);
create index qa_reviews_org_created on qa_reviews (organization_id, created_at desc, id desc);
create index qa_reviews_agent on qa_reviews (agent_id, created_at desc);
create index qa_reviews_ticket on qa_reviews (ticket_id);

-- Versions are immutable: the application role may add them, never change or remove them.
grant select, insert, update on qa_scorecards, qa_reviews to tandem_app;
grant select, insert on qa_scorecard_versions to tandem_app;
alter table qa_scorecards enable row level security;
alter table qa_scorecard_versions enable row level security;
alter table qa_reviews enable row level security;

-- Every user sees the brand's scorecards and their own vendor's; a vendor writes only its own.
create policy vendor_scope on qa_scorecards to tandem_app
  using (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id is null
    or vendor_id = tandem_vendor()))
  with check (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()));
create policy via_scorecard on qa_scorecard_versions to tandem_app
  using (organization_id = tandem_org()
    and exists (select 1 from qa_scorecards s where s.id = qa_scorecard_versions.scorecard_id))
  with check (organization_id = tandem_org()
    and exists (select 1 from qa_scorecards s where s.id = qa_scorecard_versions.scorecard_id
      and (tandem_vendor() is null or s.vendor_id = tandem_vendor())));
-- A vendor's users see and write only reviews of their vendor's tickets.
create policy vendor_scope on qa_reviews to tandem_app
  using (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()))
  with check (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()));
