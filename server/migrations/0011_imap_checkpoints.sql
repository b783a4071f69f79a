-- IMAP polling: how far each polled mailbox has been taken in. A mailbox is named by user, host, port
-- and folder (never the password). last_uid counts only within uidvalidity: when the server reports
-- another UIDVALIDITY the UIDs mean other messages, and the poller starts again from the first one.
-- Owner only: the poller runs as the owner; tandem_app has no grant and no policy.
create table imap_checkpoints (
  mailbox text primary key,
  uidvalidity bigint not null,
  last_uid bigint not null check (last_uid >= 0),
  updated_at timestamptz not null default now()
);
alter table imap_checkpoints enable row level security;
