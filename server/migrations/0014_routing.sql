-- Routing across vendors (issue #5): queues chosen by ordered rules, target shares per queue across
-- vendors, eligibility (skills, languages, site hours and status, data residency, certifications),
-- push assignment by per-channel capacity, overflow, failover and an explanation of every decision.

-- Data residency: a customer of a region only goes to sites allowed for that region's data.
alter table customers add column data_region text;
alter table customers add column segment text;
alter table sites add column data_regions text[] not null default '{}';

-- Certification flags on agents (the training issue grants them); queues may require them.
create table agent_certifications (
  user_id uuid not null references users (id) on delete cascade,
  certification text not null,
  granted_at timestamptz not null default now(),
  expires_at timestamptz,
  primary key (user_id, certification)
);

create table routing_queues (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  name text not null,
  -- [{"skill": "billing", "min": 3}]
  required_skills jsonb not null default '[]',
  required_certifications text[] not null default '{}',
  -- After this many seconds waiting, contacts may also go to the overflow vendors and sites.
  overflow_after_seconds integer check (overflow_after_seconds > 0),
  overflow_vendor_ids uuid[] not null default '{}',
  overflow_site_ids uuid[] not null default '{}',
  -- A returning customer within this many days goes to the last agent if eligible and available.
  sticky_days integer not null default 0 check (sticky_days between 0 and 365),
  created_at timestamptz not null default date_trunc('milliseconds', now()),
  updated_at timestamptz not null default date_trunc('milliseconds', now()),
  unique (organization_id, name)
);

-- Ordered rules: the first active rule whose conditions all match names the ticket's queue.
create table routing_rules (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  position integer not null,
  name text not null default '',
  queue_id uuid not null references routing_queues (id) on delete cascade,
  -- {"channels": [...], "languages": [...], "tags_any": [...], "tiers": [...], "segments": [...],
  --  "custom_fields": {"k": "v"}, "support_addresses": [...], "data_regions": [...]}
  conditions jsonb not null default '{}',
  active boolean not null default true,
  created_at timestamptz not null default date_trunc('milliseconds', now()),
  updated_at timestamptz not null default date_trunc('milliseconds', now())
);
create index routing_rules_org on routing_rules (organization_id, position);

-- Target share per vendor per queue, and the allocator's state: the deficit (target minus actual,
-- in contacts) of the largest-deficit allocator, and the number of contacts it gave the vendor.
create table queue_allocations (
  queue_id uuid not null references routing_queues (id) on delete cascade,
  vendor_id uuid not null references vendors (id),
  organization_id uuid not null references organizations (id),
  share numeric(5, 2) not null check (share >= 0 and share <= 100),
  deficit double precision not null default 0,
  assigned bigint not null default 0,
  updated_at timestamptz not null default now(),
  primary key (queue_id, vendor_id)
);

-- Where each ticket stands in routing. pending: not yet classified; waiting: in its queue;
-- assigned: has an agent; done: solved or closed.
create table ticket_routing (
  ticket_id uuid primary key references tickets (id),
  organization_id uuid not null references organizations (id),
  state text not null check (state in ('pending', 'waiting', 'assigned', 'done')),
  queue_id uuid references routing_queues (id) on delete set null,
  -- A vendor chosen before routing (support address, vendor-created ticket, transfer to a vendor).
  pinned_vendor_id uuid references vendors (id),
  pinned_team_id uuid references teams (id),
  waiting_since timestamptz not null default now(),
  next_attempt_at timestamptz not null default now(),
  overflowed_at timestamptz,
  transfers integer not null default 0,
  last_summary text,
  updated_at timestamptz not null default now()
);
create index ticket_routing_due on ticket_routing (organization_id, next_attempt_at)
  where state in ('pending', 'waiting');
create index ticket_routing_queue on ticket_routing (queue_id) where state = 'waiting';

-- Every routing decision with the candidates considered and why each was excluded.
create table routing_decisions (
  id bigint generated always as identity primary key,
  organization_id uuid not null references organizations (id),
  ticket_id uuid not null references tickets (id),
  queue_id uuid references routing_queues (id) on delete set null,
  outcome text not null check (outcome in ('assigned', 'waiting', 'manual', 'requeued', 'overflow')),
  trigger text not null,
  vendor_id uuid references vendors (id),
  site_id uuid references sites (id),
  agent_id uuid references users (id),
  -- counted toward the queue's shares (the allocator chose the vendor)
  counted boolean not null default false,
  summary text not null,
  candidates jsonb not null default '[]',
  created_at timestamptz not null default date_trunc('milliseconds', now())
);
create index routing_decisions_ticket on routing_decisions (ticket_id, id);
-- The routing rules read the support address a ticket was mailed to.
create index email_intake_ticket on email_intake (ticket_id) where ticket_id is not null;
create index routing_decisions_queue on routing_decisions (queue_id, id) where counted;

-- Each agent's live load per channel, kept by triggers so capacity is checked on one locked row:
-- routing locks it (FOR UPDATE, capacity in the WHERE clause) before assigning. online mirrors
-- agent_presence; site and vendor mirror users.
create table agent_loads (
  user_id uuid primary key references users (id) on delete cascade,
  organization_id uuid not null references organizations (id),
  vendor_id uuid references vendors (id),
  site_id uuid references sites (id),
  online boolean not null default false,
  email integer not null default 0,
  chat integer not null default 0,
  phone integer not null default 0,
  web integer not null default 0,
  api integer not null default 0,
  social integer not null default 0,
  total integer not null default 0,
  last_assigned_at timestamptz
);
create index agent_loads_pick on agent_loads (site_id, total, last_assigned_at nulls first) where online;

-- A ticket counts toward its agent's load while new or open. Statement-level triggers with
-- transition tables, so a bulk insert (the demo seed, an import) costs one upsert, not one per row.
create function tandem_apply_load_delta() returns trigger language plpgsql security definer
  set search_path = public as $$
begin
  with delta as (
    -- rows that stop counting for their (old) agent
    select o.agent_id, o.channel, -1 as d, false as fresh from old_rows o
    where o.agent_id is not null and o.status in ('new', 'open')
      and not exists (select 1 from new_rows n where n.id = o.id and n.agent_id = o.agent_id
        and n.channel = o.channel and n.status in ('new', 'open'))
    union all
    -- rows that start counting for their (new) agent
    select n.agent_id, n.channel, 1, not exists (select 1 from old_rows o where o.id = n.id and o.agent_id = n.agent_id)
    from new_rows n
    where n.agent_id is not null and n.status in ('new', 'open')
      and not exists (select 1 from old_rows o where o.id = n.id and o.agent_id = n.agent_id
        and o.channel = n.channel and o.status in ('new', 'open'))
  ), per_agent as (
    select agent_id,
      coalesce(sum(d) filter (where channel = 'email'), 0) email, coalesce(sum(d) filter (where channel = 'chat'), 0) chat,
      coalesce(sum(d) filter (where channel = 'phone'), 0) phone, coalesce(sum(d) filter (where channel = 'web'), 0) web,
      coalesce(sum(d) filter (where channel = 'api'), 0) api, coalesce(sum(d) filter (where channel = 'social'), 0) social,
      sum(d) total, bool_or(fresh) fresh
    from delta group by agent_id
  )
  insert into agent_loads as l (user_id, organization_id, vendor_id, site_id, online,
      email, chat, phone, web, api, social, total, last_assigned_at)
    select u.id, u.organization_id, u.vendor_id, u.site_id,
      coalesce((select p.status = 'online' and u.active from agent_presence p where p.user_id = u.id), false),
      a.email, a.chat, a.phone, a.web, a.api, a.social, a.total, case when a.fresh then now() end
    from per_agent a join users u on u.id = a.agent_id
  on conflict (user_id) do update set
    email = l.email + excluded.email, chat = l.chat + excluded.chat, phone = l.phone + excluded.phone,
    web = l.web + excluded.web, api = l.api + excluded.api, social = l.social + excluded.social,
    total = l.total + excluded.total, last_assigned_at = coalesce(excluded.last_assigned_at, l.last_assigned_at);
  return null;
end
$$;
-- On insert there is no old table: the same upsert from the new rows alone.
create function tandem_insert_load() returns trigger language plpgsql security definer
  set search_path = public as $$
begin
  insert into agent_loads as l (user_id, organization_id, vendor_id, site_id, online,
      email, chat, phone, web, api, social, total, last_assigned_at)
    select u.id, u.organization_id, u.vendor_id, u.site_id,
      coalesce((select p.status = 'online' and u.active from agent_presence p where p.user_id = u.id), false),
      a.email, a.chat, a.phone, a.web, a.api, a.social, a.total, now()
    from (
      select agent_id,
        count(*) filter (where channel = 'email') email, count(*) filter (where channel = 'chat') chat,
        count(*) filter (where channel = 'phone') phone, count(*) filter (where channel = 'web') web,
        count(*) filter (where channel = 'api') api, count(*) filter (where channel = 'social') social,
        count(*) total
      from new_rows where agent_id is not null and status in ('new', 'open') group by agent_id
    ) a join users u on u.id = a.agent_id
  on conflict (user_id) do update set
    email = l.email + excluded.email, chat = l.chat + excluded.chat, phone = l.phone + excluded.phone,
    web = l.web + excluded.web, api = l.api + excluded.api, social = l.social + excluded.social,
    total = l.total + excluded.total, last_assigned_at = now();
  return null;
end
$$;
create trigger tickets_agent_load_insert after insert on tickets referencing new table as new_rows
  for each statement execute function tandem_insert_load();
create trigger tickets_agent_load_update after update on tickets referencing old table as old_rows new table as new_rows
  for each statement execute function tandem_apply_load_delta();

create function tandem_presence_load() returns trigger language plpgsql security definer
  set search_path = public as $$
begin
  insert into agent_loads as l (user_id, organization_id, vendor_id, site_id, online)
    select u.id, u.organization_id, u.vendor_id, u.site_id, new.status = 'online' and u.active
    from users u where u.id = new.user_id
  on conflict (user_id) do update set online = excluded.online, vendor_id = excluded.vendor_id,
    site_id = excluded.site_id;
  return null;
end
$$;
create trigger agent_presence_load after insert or update of status on agent_presence
  for each row execute function tandem_presence_load();

create function tandem_user_load() returns trigger language plpgsql security definer
  set search_path = public as $$
begin
  update agent_loads set vendor_id = new.vendor_id, site_id = new.site_id,
    online = online and new.active
  where user_id = new.id;
  return null;
end
$$;
create trigger users_agent_load after update of vendor_id, site_id, active on users
  for each row execute function tandem_user_load();

-- Existing agents and their current work.
insert into agent_loads (user_id, organization_id, vendor_id, site_id, online)
  select u.id, u.organization_id, u.vendor_id, u.site_id,
    coalesce((select p.status = 'online' and u.active from agent_presence p where p.user_id = u.id), false)
  from users u where u.vendor_id is not null;
update agent_loads l set
  email = c.email, chat = c.chat, phone = c.phone, web = c.web, api = c.api, social = c.social, total = c.total
from (select agent_id,
    count(*) filter (where channel = 'email') email, count(*) filter (where channel = 'chat') chat,
    count(*) filter (where channel = 'phone') phone, count(*) filter (where channel = 'web') web,
    count(*) filter (where channel = 'api') api, count(*) filter (where channel = 'social') social,
    count(*) total
  from tickets where agent_id is not null and status in ('new', 'open') group by agent_id) c
where c.agent_id = l.user_id;

grant select, insert, update, delete on agent_certifications, routing_queues, routing_rules,
  queue_allocations, ticket_routing to tandem_app;
grant select, insert on routing_decisions to tandem_app;
grant select on agent_loads to tandem_app;

alter table agent_certifications enable row level security;
alter table routing_queues enable row level security;
alter table routing_rules enable row level security;
alter table queue_allocations enable row level security;
alter table ticket_routing enable row level security;
alter table routing_decisions enable row level security;
alter table agent_loads enable row level security;

create policy via_user on agent_certifications to tandem_app
  using (exists (select 1 from users u where u.id = agent_certifications.user_id));
-- Queue names are visible to the whole brand (tickets carry them); only the brand changes them.
create policy brand_writes on routing_queues to tandem_app
  using (organization_id = tandem_org())
  with check (organization_id = tandem_org() and tandem_vendor() is null);
create policy brand_only on routing_rules to tandem_app
  using (organization_id = tandem_org() and tandem_vendor() is null);
-- A vendor reads its own share figures, never another vendor's; only the brand writes them.
create policy vendor_scope on queue_allocations to tandem_app
  using (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()))
  with check (organization_id = tandem_org() and tandem_vendor() is null);
create policy via_ticket on ticket_routing to tandem_app
  using (organization_id = tandem_org() and exists (select 1 from tickets t where t.id = ticket_routing.ticket_id));
create policy via_ticket on routing_decisions to tandem_app
  using (organization_id = tandem_org() and exists (select 1 from tickets t where t.id = routing_decisions.ticket_id));
create policy vendor_scope on agent_loads to tandem_app
  using (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()));
