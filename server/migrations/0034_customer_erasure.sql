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
