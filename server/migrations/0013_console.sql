-- The agent console: full-text search over tickets and their messages, saved inbox views, macros
-- (canned responses), chat hand-over and end, and who is viewing or typing on a ticket right now.

-- Search: a stored tsvector per ticket (subject) and per message (text), computed by PostgreSQL as the
-- row is written (a generated column: no trigger, no extra round trip on ingest). 'simple' keeps every
-- word as written (lower-cased), which suits a brand answering in many languages.
alter table tickets
  add column search tsvector generated always as (to_tsvector('simple', subject)) stored;
alter table messages
  add column search tsvector generated always as (to_tsvector('simple', left(body_text, 20000))) stored;
create index tickets_search on tickets using gin (search);
create index messages_search on messages using gin (search);
-- Inbox views: my work, my team's, and the unassigned pile, newest change first.
create index tickets_agent_updated on tickets (agent_id, updated_at desc, id desc) where agent_id is not null;
create index tickets_team_updated on tickets (team_id, updated_at desc, id desc) where team_id is not null;
create index tickets_unassigned_updated on tickets (organization_id, updated_at desc, id desc) where agent_id is null;

-- Saved views: a named set of inbox filters. Personal ones only their owner sees; shared ones every
-- user of the owner's vendor (a brand user's shared view: everyone in the organization).
create table saved_views (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  owner_user_id uuid not null references users (id) on delete cascade,
  -- The owner's vendor when it was saved (null: a brand user's view).
  vendor_id uuid references vendors (id),
  name text not null check (length(name) between 1 and 100),
  filters jsonb not null default '{}',
  shared boolean not null default false,
  created_at timestamptz not null default date_trunc('milliseconds', now()),
  updated_at timestamptz not null default date_trunc('milliseconds', now())
);
create unique index saved_views_owner_name on saved_views (owner_user_id, lower(name));
create index saved_views_org on saved_views (organization_id, vendor_id) where shared;

grant select, insert, update, delete on saved_views to tandem_app;
alter table saved_views enable row level security;
create policy visible on saved_views for select to tandem_app
  using (organization_id = tandem_org() and (
    owner_user_id = tandem_user()
    or (shared and (vendor_id is null or tandem_vendor() is null or vendor_id = tandem_vendor()))));
create policy own_insert on saved_views for insert to tandem_app
  with check (organization_id = tandem_org() and owner_user_id = tandem_user()
    and vendor_id is not distinct from tandem_vendor());
-- The owner changes their views; an admin of the view's scope may change a shared one.
create policy own_change on saved_views for update to tandem_app
  using (organization_id = tandem_org() and (
    owner_user_id = tandem_user()
    or (shared and current_setting('tandem.role', true) = 'brand_admin')
    or (shared and current_setting('tandem.role', true) = 'vendor_admin' and vendor_id = tandem_vendor())))
  with check (organization_id = tandem_org() and vendor_id is not distinct from
    (select v.vendor_id from users v where v.id = saved_views.owner_user_id));
create policy own_delete on saved_views for delete to tandem_app
  using (organization_id = tandem_org() and (
    owner_user_id = tandem_user()
    or (shared and current_setting('tandem.role', true) = 'brand_admin')
    or (shared and current_setting('tandem.role', true) = 'vendor_admin' and vendor_id = tandem_vendor())));

-- Macros: canned responses with placeholders. The brand's own (vendor_id null) are for everyone; a
-- vendor's proposals wait for a brand admin's approval and stay that vendor's once approved.
create table macros (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  vendor_id uuid references vendors (id),
  name text not null check (length(name) between 1 and 200),
  language text not null,
  body text not null check (length(body) between 1 and 20000),
  approved boolean not null default false,
  approved_by uuid references users (id),
  approved_at timestamptz,
  created_by uuid references users (id),
  created_at timestamptz not null default date_trunc('milliseconds', now()),
  updated_at timestamptz not null default date_trunc('milliseconds', now()),
  check (approved = (approved_at is not null))
);
create index macros_org_language on macros (organization_id, language, name);

grant select, insert, update, delete on macros to tandem_app;
alter table macros enable row level security;
create policy vendor_scope on macros to tandem_app
  using (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()
    or (vendor_id is null and approved)))
  -- A vendor's users write only their own vendor's macros, never the brand's.
  with check (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()));

-- Chat hand-over: when the agent ended the chat (the visitor's widget is told), and by whom.
alter table chat_conversations
  add column ended_at timestamptz,
  add column ended_by uuid references users (id);

-- Collision signals: who is viewing or typing on a ticket, as short-lived rows every process reads.
-- A row counts until expires_at; clients refresh it while they stay on the ticket.
create table ticket_activity (
  ticket_id uuid not null references tickets (id),
  user_id uuid not null references users (id) on delete cascade,
  organization_id uuid not null references organizations (id),
  state text not null check (state in ('viewing', 'typing')),
  updated_at timestamptz not null default now(),
  expires_at timestamptz not null,
  primary key (ticket_id, user_id)
);
create index ticket_activity_expires on ticket_activity (expires_at);

grant select, insert, update, delete on ticket_activity to tandem_app;
alter table ticket_activity enable row level security;
-- Visible exactly when the ticket is; each user writes only their own presence on it.
create policy via_ticket on ticket_activity for select to tandem_app
  using (organization_id = tandem_org() and exists (select 1 from tickets t where t.id = ticket_activity.ticket_id));
create policy own_insert on ticket_activity for insert to tandem_app
  with check (organization_id = tandem_org() and user_id = tandem_user()
    and exists (select 1 from tickets t where t.id = ticket_activity.ticket_id));
create policy own_update on ticket_activity for update to tandem_app
  using (organization_id = tandem_org() and user_id = tandem_user())
  with check (organization_id = tandem_org() and user_id = tandem_user());
-- Anyone who sees the ticket may sweep expired rows; live ones only their owner removes.
create policy own_or_expired_delete on ticket_activity for delete to tandem_app
  using (organization_id = tandem_org() and (user_id = tandem_user() or expires_at < now())
    and exists (select 1 from tickets t where t.id = ticket_activity.ticket_id));
