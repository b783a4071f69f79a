-- Issue #20 item 3: encryption at rest (docs/security.md, "Encryption at rest"). The data keys (DEKs)
-- that seal secrets with AES-256-GCM, each stored wrapped by the key-encryption key (KEK) from the
-- configuration, never in the clear. Owner-only like user_mfa: only platform/crypto reads and writes
-- it (key-repository.ts), through the owner connection.
--
-- id: the short id every sealed value names ('tdm1:<id>:…'). kek_id: the fingerprint of the KEK that
-- wrapped it (rotation re-wraps under a new KEK and changes it). Exactly one key is active (seals new
-- values); retired keys are kept so that values sealed before a rotation still open. A key is never
-- deleted: a value sealed under it would be lost.
create table data_keys (
  id text primary key,
  kek_id text not null,
  wrapped_key text not null,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  retired_at timestamptz,
  rewrapped_at timestamptz
);
create unique index data_keys_one_active on data_keys (active) where active;
alter table data_keys enable row level security;

comment on column webhook_subscriptions.secret is
  'Sealed (tdm1:…, AAD webhook_subscriptions.secret:<id>); a plain whsec_… value predates 0031 and is sealed by `tandem keys rotate` or at the worker''s start.';
comment on column user_mfa.secret is
  'Sealed (tdm1:…, AAD user_mfa.secret:<user id>); v1:/plain: values predate 0031 and are re-sealed by `tandem keys rotate` or at the worker''s start.';
