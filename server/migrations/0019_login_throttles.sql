-- Issue #16: log-in throttling by client, by account and client, and by account, with backoff,
-- instead of a hard account lock that anyone could trigger and whose answer revealed which
-- accounts exist. Keyed by the email as typed (lower-cased), whether or not an account has it.
create table login_throttles (
  key text primary key,
  failures integer not null default 0,
  window_started_at timestamptz not null default now(),
  blocked_until timestamptz
);
-- Owner only: the app role never reads it.
alter table login_throttles enable row level security;
