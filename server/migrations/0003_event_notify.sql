-- Every committed domain event is announced on the 'tandem_events' channel, so each server process
-- (LISTEN) can push it to its WebSocket clients. NOTIFY is transactional: a rolled-back event is
-- never announced, and a committed one is announced once, after commit.
create function announce_domain_event() returns trigger
language plpgsql as $$
declare
  message jsonb := jsonb_build_object(
    'id', new.id, 'organization_id', new.organization_id, 'vendor_id', new.vendor_id,
    'type', new.type, 'subject_id', new.subject_id, 'created_at', new.created_at);
begin
  -- NOTIFY payloads are capped at 8000 bytes; a large payload is left for listeners to read by id.
  if octet_length(new.payload::text) <= 6000 then
    message := message || jsonb_build_object('payload', new.payload);
  end if;
  perform pg_notify('tandem_events', message::text);
  return null;
end $$;

create trigger domain_events_announce after insert on domain_events
  for each row execute function announce_domain_event();
