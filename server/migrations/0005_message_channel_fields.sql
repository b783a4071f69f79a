-- What each channel needs on a message: the channel it came or went by (a chat transcript can sit in
-- an email ticket), the channel's own id for it (email Message-ID, chat client id, social post id,
-- namespaced like 'email:<id>') so a redelivery is stored once, and, for replies sent out, whether
-- the channel has taken it.
alter table messages
  add column channel text check (channel in ('email', 'chat', 'phone', 'web', 'api', 'social')),
  add column external_id text,
  add column delivery_status text check (delivery_status in ('pending', 'sent', 'failed')),
  add column delivery_error text,
  add column delivered_at timestamptz;
create unique index messages_external_id on messages (organization_id, external_id) where external_id is not null;
create index messages_delivery_pending on messages (created_at) where delivery_status = 'pending';
