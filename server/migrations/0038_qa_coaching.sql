-- QA coaching (issue 19 item 6): sessions a coach holds with one agent about their submitted reviews,
-- and the action items agreed there, each with a due date and a follow-up. The same vendor_scope
-- policy as qa_reviews (0022) keeps a vendor's transaction to its own rows; who of the vendor reads
-- which session (an agent their own, a team lead their team's) is the service's rule on top.

create table qa_coaching_sessions (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  -- The coached agent's vendor, from the reviews the session came from.
  vendor_id uuid references vendors (id),
  agent_id uuid not null references users (id),
  coach_id uuid not null references users (id),
  -- The submitted reviews of the agent the session discusses (checked by the service: visible, same agent).
  review_ids uuid[] not null check (cardinality(review_ids) between 1 and 20),
  scheduled_at timestamptz,
  status text not null default 'planned' check (status in ('planned', 'held', 'cancelled')),
  held_at timestamptz,
  notes text check (length(notes) <= 20000),
  created_by uuid not null references users (id),
  created_at timestamptz not null default date_trunc('milliseconds', now()),
  updated_at timestamptz not null default date_trunc('milliseconds', now()),
  check ((status = 'held') = (held_at is not null))
);
create index qa_coaching_sessions_org_created on qa_coaching_sessions (organization_id, created_at desc, id desc);
create index qa_coaching_sessions_agent on qa_coaching_sessions (agent_id, created_at desc);

create table qa_coaching_actions (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  vendor_id uuid references vendors (id),
  session_id uuid not null references qa_coaching_sessions (id),
  description text not null check (length(description) between 1 and 2000),
  -- A calendar day: the action is overdue from the day after, while still open (modules/qa/coaching.ts).
  due_date date not null,
  status text not null default 'open' check (status in ('open', 'done')),
  completed_at timestamptz,
  completed_by uuid references users (id),
  follow_up text check (length(follow_up) <= 20000),
  created_at timestamptz not null default date_trunc('milliseconds', now()),
  updated_at timestamptz not null default date_trunc('milliseconds', now()),
  check ((status = 'done') = (completed_at is not null))
);
create index qa_coaching_actions_session on qa_coaching_actions (session_id, due_date);
create index qa_coaching_actions_open_due on qa_coaching_actions (organization_id, due_date) where status = 'open';

grant select, insert, update on qa_coaching_sessions, qa_coaching_actions to tandem_app;
alter table qa_coaching_sessions enable row level security;
alter table qa_coaching_actions enable row level security;

create policy vendor_scope on qa_coaching_sessions to tandem_app
  using (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()))
  with check (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()));
create policy vendor_scope on qa_coaching_actions to tandem_app
  using (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()))
  with check (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()));
