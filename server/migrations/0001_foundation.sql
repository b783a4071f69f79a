-- Foundation: the brand, its vendors and their people, customers, tickets and their history.
-- Every table carries organization_id so one database can hold several brands.
-- Row-level security is the second wall behind the service layer: requests run as the
-- non-owner role tandem_app with the acting user, role and vendor set by SET LOCAL.

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'tandem_app') then
    create role tandem_app nologin;
  end if;
end
$$;
-- The connecting (owner) user must be able to SET ROLE tandem_app.
do $$
begin
  execute format('grant tandem_app to %I', current_user);
exception when others then
  null; -- already a member, or a superuser (who needs no grant)
end
$$;

-- Acting context, set per transaction by the server (see platform/db/transaction.ts).
create function tandem_org() returns uuid language sql stable as
  $$ select nullif(current_setting('tandem.org_id', true), '')::uuid $$;
create function tandem_vendor() returns uuid language sql stable as
  $$ select nullif(current_setting('tandem.vendor_id', true), '')::uuid $$;
create function tandem_user() returns uuid language sql stable as
  $$ select nullif(current_setting('tandem.user_id', true), '')::uuid $$;

create table organizations (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  slug text not null unique,
  created_at timestamptz not null default now()
);

create table vendors (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  name text not null,
  kind text not null check (kind in ('internal', 'outsourced')),
  status text not null default 'active' check (status in ('onboarding', 'active', 'suspended', 'offboarded')),
  contract_start date,
  contract_end date,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organization_id, name),
  check (contract_end is null or contract_start is null or contract_end >= contract_start)
);

create table sites (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  vendor_id uuid not null references vendors (id),
  name text not null,
  country text not null check (country ~ '^[A-Z]{2}$'),
  time_zone text not null,
  languages text[] not null default '{}',
  status text not null default 'up' check (status in ('up', 'degraded', 'down')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (vendor_id, name)
);
create index sites_vendor on sites (vendor_id);

create table teams (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  vendor_id uuid not null references vendors (id),
  site_id uuid references sites (id),
  name text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (vendor_id, name)
);
create index teams_vendor on teams (vendor_id);

create table users (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  email text not null,
  display_name text not null,
  password_hash text,
  role text not null check (role in ('brand_admin', 'brand_analyst', 'vendor_admin', 'team_lead', 'agent', 'qa_reviewer', 'auditor')),
  vendor_id uuid references vendors (id),
  site_id uuid references sites (id),
  team_id uuid references teams (id),
  languages text[] not null default '{}',
  active boolean not null default true,
  failed_logins integer not null default 0,
  locked_until timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Vendor-side roles always belong to a vendor; brand-side roles never do.
  check ((role in ('vendor_admin', 'team_lead', 'agent')) = (vendor_id is not null) or role in ('qa_reviewer', 'auditor'))
);
create unique index users_email on users (organization_id, lower(email));
create index users_vendor on users (vendor_id);

create table agent_skills (
  user_id uuid not null references users (id) on delete cascade,
  skill text not null,
  proficiency smallint not null check (proficiency between 1 and 5),
  primary key (user_id, skill)
);

create table agent_capacities (
  user_id uuid not null references users (id) on delete cascade,
  channel text not null check (channel in ('email', 'chat', 'phone', 'web', 'api', 'social')),
  max_concurrent smallint not null check (max_concurrent between 0 and 100),
  primary key (user_id, channel)
);

create table sessions (
  token_hash text primary key,
  user_id uuid not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  last_seen_at timestamptz not null default now()
);
create index sessions_user on sessions (user_id);

create table api_tokens (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  user_id uuid not null references users (id) on delete cascade,
  name text not null,
  token_hash text not null unique,
  scopes text[] not null,
  expires_at timestamptz,
  revoked_at timestamptz,
  last_used_at timestamptz,
  created_at timestamptz not null default now()
);
create index api_tokens_user on api_tokens (user_id);

create table customers (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  display_name text not null default '',
  tier text not null default 'standard',
  -- The vendor whose agent first recorded this customer: lets that vendor read back what it created
  -- before any ticket links them.
  created_by_vendor_id uuid references vendors (id),
  merged_into_id uuid references customers (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table customer_identities (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  customer_id uuid not null references customers (id),
  kind text not null check (kind in ('email', 'phone', 'chat_visitor', 'external')),
  value text not null,
  created_at timestamptz not null default now(),
  unique (organization_id, kind, value)
);
create index customer_identities_customer on customer_identities (customer_id);

create table tickets (
  id uuid primary key default gen_random_uuid(),
  number bigint generated always as identity unique,
  organization_id uuid not null references organizations (id),
  subject text not null,
  channel text not null check (channel in ('email', 'chat', 'phone', 'web', 'api', 'social')),
  status text not null default 'new' check (status in ('new', 'open', 'pending', 'on_hold', 'solved', 'closed')),
  priority text not null default 'normal' check (priority in ('low', 'normal', 'high', 'urgent')),
  language text,
  queue text,
  tags text[] not null default '{}',
  custom_fields jsonb not null default '{}',
  customer_id uuid not null references customers (id),
  vendor_id uuid references vendors (id),
  site_id uuid references sites (id),
  team_id uuid references teams (id),
  agent_id uuid references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  first_response_at timestamptz,
  solved_at timestamptz,
  closed_at timestamptz
);
create index tickets_org_created on tickets (organization_id, created_at desc, id desc);
create index tickets_vendor_created on tickets (vendor_id, created_at desc, id desc);
create index tickets_customer on tickets (customer_id);
create index tickets_agent on tickets (agent_id) where agent_id is not null;

create table messages (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  ticket_id uuid not null references tickets (id),
  author_kind text not null check (author_kind in ('customer', 'agent', 'system')),
  author_user_id uuid references users (id),
  author_customer_id uuid references customers (id),
  visibility text not null default 'public' check (visibility in ('public', 'internal')),
  body_text text not null,
  body_html text,
  attachments jsonb not null default '[]',
  created_at timestamptz not null default now(),
  check (author_kind <> 'customer' or visibility = 'public')
);
create index messages_ticket on messages (ticket_id, created_at, id);

create table ticket_events (
  id bigint generated always as identity primary key,
  organization_id uuid not null references organizations (id),
  ticket_id uuid not null references tickets (id),
  actor_kind text not null check (actor_kind in ('user', 'customer', 'system')),
  actor_user_id uuid references users (id),
  field text not null,
  before jsonb,
  after jsonb,
  created_at timestamptz not null default now()
);
create index ticket_events_ticket on ticket_events (ticket_id, id);

-- History is append-only, for every role including the owner.
create function ticket_events_immutable() returns trigger language plpgsql as $$
begin
  raise exception 'ticket_events are immutable' using errcode = '42501';
end
$$;
create trigger ticket_events_no_update before update or delete on ticket_events
  for each row execute function ticket_events_immutable();

-- Outbox: domain events written in the request's transaction; jobs, realtime and rollups read them.
create table domain_events (
  id bigint generated always as identity primary key,
  organization_id uuid not null references organizations (id),
  vendor_id uuid references vendors (id),
  type text not null,
  subject_id uuid not null,
  payload jsonb not null default '{}',
  created_at timestamptz not null default now(),
  dispatched_at timestamptz
);
create index domain_events_undispatched on domain_events (id) where dispatched_at is null;

create table idempotency_keys (
  user_id uuid not null references users (id) on delete cascade,
  key text not null,
  organization_id uuid not null references organizations (id),
  method text not null,
  path text not null,
  request_hash text not null,
  status_code integer not null,
  response jsonb not null,
  created_at timestamptz not null default now(),
  primary key (user_id, key)
);

-- Grants and row-level security for the application role.
grant usage on schema public to tandem_app;
grant select on organizations to tandem_app;
grant select, insert, update, delete on vendors, sites, teams, users, agent_skills, agent_capacities,
  api_tokens, customers, customer_identities, tickets, messages, idempotency_keys to tandem_app;
grant select, insert on ticket_events, domain_events to tandem_app;
grant usage on all sequences in schema public to tandem_app;

alter table organizations enable row level security;
alter table vendors enable row level security;
alter table sites enable row level security;
alter table teams enable row level security;
alter table users enable row level security;
alter table agent_skills enable row level security;
alter table agent_capacities enable row level security;
alter table api_tokens enable row level security;
alter table customers enable row level security;
alter table customer_identities enable row level security;
alter table tickets enable row level security;
alter table messages enable row level security;
alter table ticket_events enable row level security;
alter table domain_events enable row level security;
alter table idempotency_keys enable row level security;
alter table sessions enable row level security; -- no policy: only the owner (login, session lookup) reads it

create policy org_member on organizations to tandem_app using (id = tandem_org());

create policy vendor_scope on vendors to tandem_app
  using (organization_id = tandem_org() and (tandem_vendor() is null or id = tandem_vendor()));

create policy vendor_scope on sites to tandem_app
  using (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()));

create policy vendor_scope on teams to tandem_app
  using (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()));

create policy vendor_scope on users to tandem_app
  using (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()));

-- Child rows are visible exactly when their parent is (policies on the parent apply inside the subquery).
create policy via_user on agent_skills to tandem_app
  using (exists (select 1 from users u where u.id = agent_skills.user_id));
create policy via_user on agent_capacities to tandem_app
  using (exists (select 1 from users u where u.id = agent_capacities.user_id));
create policy via_user on api_tokens to tandem_app
  using (organization_id = tandem_org() and exists (select 1 from users u where u.id = api_tokens.user_id));

create policy vendor_scope on tickets to tandem_app
  using (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()));

-- A vendor sees a customer only through a ticket it handles, or one it recorded itself.
create policy vendor_scope on customers to tandem_app
  using (organization_id = tandem_org() and (
    tandem_vendor() is null
    or created_by_vendor_id = tandem_vendor()
    or exists (select 1 from tickets t where t.customer_id = customers.id)));
create policy via_customer on customer_identities to tandem_app
  using (organization_id = tandem_org() and exists (select 1 from customers c where c.id = customer_identities.customer_id));

create policy via_ticket on messages to tandem_app
  using (organization_id = tandem_org() and exists (select 1 from tickets t where t.id = messages.ticket_id));
create policy via_ticket on ticket_events to tandem_app
  using (organization_id = tandem_org() and exists (select 1 from tickets t where t.id = ticket_events.ticket_id));

create policy vendor_scope on domain_events to tandem_app
  using (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()));

create policy own_keys on idempotency_keys to tandem_app
  using (organization_id = tandem_org() and user_id = tandem_user());
