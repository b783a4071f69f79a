-- QA sampling (issue 19 item 2): rules that pick conversations to review each week per agent, and
-- the assignments they make. A conversation is picked once, ever (unique ticket per organization).

create table qa_sampling_rules (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  -- The rule's side: null for the brand's (may cover every vendor), else a vendor's own rule.
  vendor_id uuid references vendors (id),
  name text not null check (length(name) between 1 and 200),
  scorecard_id uuid not null references qa_scorecards (id),
  -- Whose agents: null covers every vendor (brand rules only); a vendor's rule always its own.
  scope_vendor_id uuid references vendors (id),
  per_agent integer not null check (per_agent between 1 and 50),
  -- Signals of a targeted rule (modules/qa/sampling.ts SamplingTargets); {} picks at random.
  targets jsonb not null default '{}',
  reviewer_ids uuid[] not null check (cardinality(reviewer_ids) between 1 and 50),
  due_days integer not null default 7 check (due_days between 1 and 60),
  active boolean not null default true,
  created_by uuid not null references users (id),
  created_at timestamptz not null default date_trunc('milliseconds', now()),
  updated_at timestamptz not null default date_trunc('milliseconds', now()),
  check (vendor_id is null or scope_vendor_id = vendor_id),
  unique (organization_id, name)
);

create table qa_sampling_runs (
  rule_id uuid not null references qa_sampling_rules (id),
  -- Monday (UTC) of the ISO week sampled.
  week date not null,
  organization_id uuid not null references organizations (id),
  vendor_id uuid references vendors (id),
  picked integer not null,
  ran_at timestamptz not null default date_trunc('milliseconds', now()),
  primary key (rule_id, week)
);

create table qa_assignments (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  -- The ticket's vendor, so a vendor's users see the assignments on their agents.
  vendor_id uuid references vendors (id),
  rule_id uuid not null references qa_sampling_rules (id),
  week date not null,
  ticket_id uuid not null references tickets (id),
  agent_id uuid not null references users (id),
  reviewer_id uuid not null references users (id),
  reasons text[] not null default '{}',
  due_at timestamptz not null,
  -- The review that fulfilled it (any reviewer's review of the ticket on the rule's scorecard).
  review_id uuid references qa_reviews (id),
  created_at timestamptz not null default date_trunc('milliseconds', now()),
  unique (organization_id, ticket_id)
);
create index qa_assignments_reviewer on qa_assignments (reviewer_id, review_id, due_at);
create index qa_assignments_org_created on qa_assignments (organization_id, created_at desc, id desc);

grant select, insert, update on qa_sampling_rules, qa_sampling_runs, qa_assignments to tandem_app;
alter table qa_sampling_rules enable row level security;
alter table qa_sampling_runs enable row level security;
alter table qa_assignments enable row level security;

create policy vendor_scope on qa_sampling_rules to tandem_app
  using (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()))
  with check (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()));
create policy vendor_scope on qa_sampling_runs to tandem_app
  using (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()))
  with check (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()));
create policy vendor_scope on qa_assignments to tandem_app
  using (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()))
  with check (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()));
