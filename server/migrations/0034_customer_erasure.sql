-- Issue #20 item 8: GDPR erasure of one customer (docs/privacy.md#export-and-erasure).

-- When a customer was erased: their personal data is gone, the row (and its tickets) stays so KPI
-- figures keep their counts. A second erasure is refused (409) by looking here.
alter table customers add column erased_at timestamptz;

-- History stays append-only, with one exception: an erasure may overwrite the before/after values
-- of a ticket's history entries (a subject, a custom field), never anything else, and only inside a
-- transaction that set tandem.erasure = 'on' (the privacy module's erasure, as the owner). Rows are
-- still never deleted.
create or replace function ticket_events_immutable() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and coalesce(current_setting('tandem.erasure', true), '') = 'on'
     and new.id = old.id and new.organization_id = old.organization_id and new.ticket_id = old.ticket_id
     and new.actor_kind = old.actor_kind and new.actor_user_id is not distinct from old.actor_user_id
     and new.field = old.field and new.created_at = old.created_at then
    return new;
  end if;
  raise exception 'ticket_events are immutable' using errcode = '42501';
end
$$;

-- Retention (docs/privacy.md#retention): per channel, how long attachments are kept and after how
-- long a closed ticket's conversation is redacted. Null: kept. Written by the erasure module; applied
-- daily by the privacy.apply-retention job.
create table retention_policies (
  organization_id uuid not null references organizations (id),
  channel text not null check (channel in ('email', 'chat', 'phone', 'web', 'api', 'social')),
  attachments_days integer check (attachments_days between 1 and 36500),
  redact_closed_after_days integer check (redact_closed_after_days between 1 and 36500),
  updated_by uuid references users (id),
  updated_at timestamptz not null default date_trunc('milliseconds', now()),
  primary key (organization_id, channel)
);
grant select on retention_policies to tandem_app;
alter table retention_policies enable row level security;
create policy org_read on retention_policies to tandem_app using (organization_id = tandem_org());

-- When a ticket's conversation was redacted (by retention or a customer's erasure), so the daily job
-- passes over it; the row itself stays for KPIs.
alter table tickets add column redacted_at timestamptz;
create index tickets_retention on tickets (organization_id, channel, closed_at) where redacted_at is null and closed_at is not null;
