-- Issue #20 item 2: a tamper-evident audit log (docs/audit.md). One hash chain per organization:
-- each entry's hash covers its own fields and the previous entry's hash (modules/audit/chain.ts),
-- so editing or deleting a stored row breaks the chain at that row's seq.

create table audit_log (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  -- 1, 2, 3 … per organization, without gaps; the chain's order.
  seq bigint not null check (seq >= 1),
  occurred_at timestamptz not null,
  -- Who acted: a user (session or API token) or, with a null user, a system job. The label is the
  -- name and email at the time, so the entry reads the same after the user is renamed. No foreign
  -- keys to the objects: the log outlives them, and an export filtered by an unknown vendor is logged.
  actor_user_id uuid,
  actor_label text not null,
  -- The vendor the changed object belongs to (null: brand-wide), for filtering.
  vendor_id uuid,
  action text not null check (action ~ '^[a-z_]+\.[a-z_]+$'),
  object_type text not null,
  object_id text,
  -- What changed (before/after of the named fields) or what was exported; never secrets.
  details jsonb not null default '{}',
  prev_hash char(64) not null,
  hash char(64) not null,
  unique (organization_id, seq)
);
create index audit_log_org_time on audit_log (organization_id, occurred_at desc, id desc);
create index audit_log_org_object on audit_log (organization_id, object_type, object_id);

-- Append-only, for the owner too: UPDATE, DELETE and TRUNCATE are refused by triggers. (A superuser
-- can disable them; the hash chain is what then detects the change.)
create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only (% refused)', tg_op using errcode = '42501';
end $$;
create trigger audit_log_no_change before update or delete on audit_log
  for each row execute function audit_log_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_append_only();

-- The application role may read and append, nothing else.
grant select, insert on audit_log to tandem_app;
alter table audit_log enable row level security;
-- Brand users read their organization's log; a vendor's users only entries about their vendor
-- (the routes allow brand admins and auditors only; this is the second wall). Any user of the
-- organization appends, because a vendor admin's changes are audited too.
create policy vendor_scope on audit_log for select to tandem_app
  using (organization_id = tandem_org() and (tandem_vendor() is null or vendor_id = tandem_vendor()));
create policy append on audit_log for insert to tandem_app
  with check (organization_id = tandem_org());

-- The head of an organization's chain, whoever appends: a vendor's user cannot see the other
-- entries, yet must link to the last one. Reveals only a seq and a hash, of the acting organization.
create function audit_chain_head(p_org uuid) returns table (seq bigint, hash char(64))
  language sql stable security definer set search_path = public as $$
    select a.seq, a.hash from audit_log a
    where a.organization_id = p_org and (tandem_org() is null or tandem_org() = p_org)
    order by a.seq desc limit 1
  $$;
revoke all on function audit_chain_head(uuid) from public;
grant execute on function audit_chain_head(uuid) to tandem_app;
