-- Whether each agent is taking work right now. Routing (issue #5) and chat hand-off read it; the
-- realtime socket pushes its changes. One row per user, written by the agent or by activity.
create table agent_presence (
  user_id uuid primary key references users (id) on delete cascade,
  organization_id uuid not null references organizations (id),
  vendor_id uuid references vendors (id),
  status text not null check (status in ('online', 'away', 'offline')),
  changed_at timestamptz not null default now(),
  last_activity_at timestamptz not null default now()
);
create index agent_presence_online on agent_presence (organization_id, vendor_id) where status = 'online';

grant select, insert, update on agent_presence to tandem_app;
alter table agent_presence enable row level security;
create policy vendor_scope on agent_presence to tandem_app
  using (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()));
