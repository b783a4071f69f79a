-- Issue #19 item 8: automated QA checks on agents' public replies (docs/qa.md#automated-checks).
-- The brand's voice rules, per language ('*': every language), and the findings the outbox consumer
-- records for each reply, dismissable with a reason.

create table qa_voice_rules (
  organization_id uuid not null references organizations (id),
  language text not null check (language = '*' or language ~ '^[a-z]{2,3}$'),
  -- Each a JSON array of {"kind": "phrase" | "regex", "value": text}; checked by the API.
  forbidden_phrases jsonb not null default '[]',
  forbidden_promises jsonb not null default '[]',
  greetings jsonb not null default '[]',
  closings jsonb not null default '[]',
  updated_by uuid references users (id),
  updated_at timestamptz not null default date_trunc('milliseconds', now()),
  primary key (organization_id, language)
);

create table qa_check_findings (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  -- The ticket's vendor when the reply was checked; null: the brand's in-house team.
  vendor_id uuid references vendors (id),
  ticket_id uuid not null references tickets (id),
  message_id uuid not null references messages (id),
  agent_id uuid references users (id),
  check_name text not null check (check_name in ('forbidden_phrase', 'missing_greeting', 'missing_closing',
    'pii_leak', 'language_mismatch', 'forbidden_promise')),
  span_start integer,
  span_end integer,
  detail text not null check (length(detail) between 1 and 2000),
  dismissed_at timestamptz,
  dismissed_by uuid references users (id),
  dismiss_reason text check (length(dismiss_reason) between 1 and 2000),
  created_at timestamptz not null default date_trunc('milliseconds', now()),
  check ((span_start is null) = (span_end is null)),
  check (span_start is null or (span_start >= 0 and span_start < span_end)),
  check ((dismissed_at is null) = (dismissed_by is null) and (dismissed_at is null) = (dismiss_reason is null))
);
create index qa_check_findings_org_created on qa_check_findings (organization_id, created_at desc, id desc);
create index qa_check_findings_ticket on qa_check_findings (ticket_id);
create index qa_check_findings_agent on qa_check_findings (agent_id, created_at desc);

-- One row per reply checked, findings or not: the consumer checks a message at most once.
create table qa_checked_messages (
  message_id uuid primary key references messages (id),
  organization_id uuid not null references organizations (id),
  vendor_id uuid references vendors (id),
  checked_at timestamptz not null default date_trunc('milliseconds', now())
);

grant select, insert, update on qa_voice_rules to tandem_app;
-- Findings are written by the outbox consumer (owner); users only read and dismiss them.
grant select, update (dismissed_at, dismissed_by, dismiss_reason) on qa_check_findings to tandem_app;
grant select on qa_checked_messages to tandem_app;
alter table qa_voice_rules enable row level security;
alter table qa_check_findings enable row level security;
alter table qa_checked_messages enable row level security;

-- Everyone in the brand may read its voice rules (vendors write to them); only brand users change them.
create policy org_read on qa_voice_rules for select to tandem_app
  using (organization_id = tandem_org());
create policy brand_write on qa_voice_rules to tandem_app
  using (organization_id = tandem_org() and tandem_vendor() is null)
  with check (organization_id = tandem_org() and tandem_vendor() is null);
-- The brand sees all findings; a vendor's users only those on their vendor's replies.
create policy vendor_scope on qa_check_findings to tandem_app
  using (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()))
  with check (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()));
create policy vendor_scope on qa_checked_messages to tandem_app
  using (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()));
