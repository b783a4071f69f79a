-- Issue #20 item 4: multi-factor authentication (docs/security.md). TOTP per user with one-time
-- recovery codes, short-lived sign-in challenges between the password and the code, and the
-- brand's policy of who must use it. Owner-only tables, like sessions and login_throttles: only
-- the auth module reads them, through the owner connection, never an actor transaction.

-- A user's authenticator. secret is the base32 TOTP secret, sealed with AES-256-GCM
-- ('v1:<iv>:<tag>:<ciphertext>') when TANDEM_MFA_KEY is set, else 'plain:<secret>'. It is returned
-- once, by the enrolment that created it. confirmed_at null: enrolment started, not yet active.
-- last_step: the TOTP time step of the last accepted code; a code of that step or earlier is refused.
create table user_mfa (
  user_id uuid primary key references users (id) on delete cascade,
  organization_id uuid not null references organizations (id),
  secret text not null,
  confirmed_at timestamptz,
  last_step bigint,
  created_at timestamptz not null default now()
);
alter table user_mfa enable row level security;

-- Ten per confirmed enrolment, SHA-256 of the normalised code; a used code keeps its row.
create table mfa_recovery_codes (
  user_id uuid not null references users (id) on delete cascade,
  code_hash char(64) not null,
  used_at timestamptz,
  primary key (user_id, code_hash)
);
alter table mfa_recovery_codes enable row level security;

-- Between the password and the second factor: a challenge token (only its SHA-256 is stored) that
-- allows verifying a code ('verify') or, when the policy requires MFA of a user without it, only
-- enrolling ('enrol'). Never a session.
create table mfa_challenges (
  token_hash char(64) primary key,
  user_id uuid not null references users (id) on delete cascade,
  purpose text not null check (purpose in ('verify', 'enrol')),
  expires_at timestamptz not null,
  created_at timestamptz not null default now()
);
create index mfa_challenges_user on mfa_challenges (user_id);
alter table mfa_challenges enable row level security;

-- Who must use MFA, per organization: nobody ('none', also when there is no row), everyone
-- ('all'), or 'selected': brand staff (users without a vendor) when brand_staff, and the users of
-- the listed vendors.
create table mfa_policies (
  organization_id uuid primary key references organizations (id),
  mode text not null check (mode in ('none', 'all', 'selected')),
  brand_staff boolean not null default false,
  vendor_ids uuid[] not null default '{}',
  updated_at timestamptz not null default now()
);
alter table mfa_policies enable row level security;
