-- Issue #19, second slice: disputes of submitted QA reviews with rescoring revisions, and
-- calibration sessions (docs/qa.md). Every table carries the vendor of what it is about, so the
-- same vendor_scope policy as qa_reviews (0022) keeps a vendor's transaction to its own rows.

-- A rescore keeps history: revision 1 is the score as first submitted, each accepted dispute adds
-- the next. The review row holds the latest, so readers of the current score need no join.
create table qa_review_revisions (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  review_id uuid not null references qa_reviews (id),
  vendor_id uuid references vendors (id),
  revision integer not null check (revision >= 1),
  answers jsonb not null,
  score_numerator double precision not null,
  score_denominator double precision not null,
  score_percent double precision,
  auto_failed boolean not null,
  score_detail jsonb not null,
  -- The accepted dispute that caused this revision; null for revision 1.
  dispute_id uuid,
  created_by uuid references users (id),
  created_at timestamptz not null default date_trunc('milliseconds', now()),
  unique (review_id, revision)
);

create table qa_disputes (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  review_id uuid not null references qa_reviews (id),
  vendor_id uuid references vendors (id),
  -- The reviewed agent, copied so a list by agent needs no join.
  agent_id uuid not null references users (id),
  -- null: the whole review; else one criterion id of the review's scorecard version.
  criterion_id text check (length(criterion_id) between 1 and 40),
  reason text not null check (length(reason) between 1 and 5000),
  raised_by uuid not null references users (id),
  state text not null default 'open' check (state in ('open', 'accepted', 'rejected')),
  resolution_comment text check (length(resolution_comment) <= 5000),
  resolved_by uuid references users (id),
  resolved_at timestamptz,
  revision_id uuid references qa_review_revisions (id),
  created_at timestamptz not null default date_trunc('milliseconds', now()),
  check ((state = 'open') = (resolved_at is null)),
  check (state <> 'rejected' or resolution_comment is not null),
  check (state <> 'accepted' or revision_id is not null)
);
-- One open dispute per review at a time; closed ones stay as history.
create unique index qa_disputes_one_open on qa_disputes (review_id) where state = 'open';
create index qa_disputes_org_created on qa_disputes (organization_id, created_at desc, id desc);
alter table qa_review_revisions add foreign key (dispute_id) references qa_disputes (id);

-- Calibration: scores live apart from qa_reviews, so they never reach IQS or an agent's reviews.
create table qa_calibration_sessions (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  -- null: the brand's session; else a vendor's own, on its own tickets and reviewers.
  vendor_id uuid references vendors (id),
  name text not null check (length(name) between 1 and 200),
  scorecard_version_id uuid not null references qa_scorecard_versions (id),
  benchmark_reviewer_id uuid not null references users (id),
  state text not null default 'open' check (state in ('open', 'closed')),
  -- sessionAlignment of modules/qa/calibration.ts, computed and kept on close.
  result jsonb,
  created_by uuid not null references users (id),
  created_at timestamptz not null default date_trunc('milliseconds', now()),
  closed_at timestamptz,
  check ((state = 'closed') = (closed_at is not null and result is not null))
);
create index qa_calibration_sessions_org on qa_calibration_sessions (organization_id, created_at desc, id desc);

create table qa_calibration_tickets (
  session_id uuid not null references qa_calibration_sessions (id),
  ticket_id uuid not null references tickets (id),
  organization_id uuid not null references organizations (id),
  vendor_id uuid references vendors (id),
  primary key (session_id, ticket_id)
);

create table qa_calibration_participants (
  session_id uuid not null references qa_calibration_sessions (id),
  user_id uuid not null references users (id),
  organization_id uuid not null references organizations (id),
  vendor_id uuid references vendors (id),
  primary key (session_id, user_id)
);

create table qa_calibration_scores (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  vendor_id uuid references vendors (id),
  session_id uuid not null,
  ticket_id uuid not null,
  reviewer_id uuid not null,
  answers jsonb not null,
  submitted_at timestamptz not null default date_trunc('milliseconds', now()),
  unique (session_id, ticket_id, reviewer_id),
  foreign key (session_id, ticket_id) references qa_calibration_tickets (session_id, ticket_id),
  foreign key (session_id, reviewer_id) references qa_calibration_participants (session_id, user_id)
);

-- Revisions and submitted calibration scores are immutable: insert only.
grant select, insert on qa_review_revisions, qa_calibration_tickets, qa_calibration_participants,
  qa_calibration_scores to tandem_app;
grant select, insert, update on qa_disputes, qa_calibration_sessions to tandem_app;
alter table qa_review_revisions enable row level security;
alter table qa_disputes enable row level security;
alter table qa_calibration_sessions enable row level security;
alter table qa_calibration_tickets enable row level security;
alter table qa_calibration_participants enable row level security;
alter table qa_calibration_scores enable row level security;

-- The brand sees all; a vendor's users only rows of their vendor (a brand session: none of it).
create policy vendor_scope on qa_review_revisions to tandem_app
  using (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()))
  with check (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()));
create policy vendor_scope on qa_disputes to tandem_app
  using (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()))
  with check (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()));
create policy vendor_scope on qa_calibration_sessions to tandem_app
  using (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()))
  with check (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()));
create policy vendor_scope on qa_calibration_tickets to tandem_app
  using (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()))
  with check (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()));
create policy vendor_scope on qa_calibration_participants to tandem_app
  using (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()))
  with check (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()));
create policy vendor_scope on qa_calibration_scores to tandem_app
  using (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()))
  with check (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()));
