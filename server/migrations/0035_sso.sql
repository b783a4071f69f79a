-- Issue #20 item 5: single sign-on with OpenID Connect (docs/security.md#single-sign-on). One identity
-- provider per vendor and one for the brand's own staff. Owner-only tables, like the MFA ones: only the
-- auth module reads them, through the owner connection, never an actor transaction.

create table sso_providers (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  -- Whose people sign in here: a vendor's, or (null) the brand's own staff.
  vendor_id uuid references vendors (id),
  -- Shown on the sign-in button.
  name text not null check (length(name) between 1 and 100),
  issuer text not null,
  client_id text not null,
  -- Sealed under the keyring (docs/security.md#encryption-at-rest), bound to this row.
  client_secret text not null,
  -- The ID token claim that lists the user's groups or roles, and which value grants which role.
  roles_claim text not null default 'groups',
  role_map jsonb not null default '{}',
  -- The role of a new user whose claim maps to none; null: such a user is refused.
  default_role text,
  -- false: this side's users cannot sign in with a password, only here.
  password_login boolean not null default true,
  enabled boolean not null default true,
  created_at timestamptz not null default date_trunc('milliseconds', now()),
  updated_at timestamptz not null default date_trunc('milliseconds', now())
);
create unique index sso_providers_one_per_side
  on sso_providers (organization_id, coalesce(vendor_id, '00000000-0000-0000-0000-000000000000'::uuid));
alter table sso_providers enable row level security;

-- Which Tandem user an identity provider's subject is, fixed at the first sign-in.
create table sso_links (
  provider_id uuid not null references sso_providers (id) on delete cascade,
  subject text not null,
  user_id uuid not null references users (id) on delete cascade,
  created_at timestamptz not null default date_trunc('milliseconds', now()),
  primary key (provider_id, subject)
);
create index sso_links_user on sso_links (user_id);
alter table sso_links enable row level security;

-- A sign-in on its way through the identity provider: the state (only its SHA-256 is stored; the
-- browser holds it in a cookie too), the PKCE verifier and nonce, where to go after. Single use.
create table sso_login_states (
  state_hash char(64) primary key,
  provider_id uuid not null references sso_providers (id) on delete cascade,
  code_verifier text not null,
  nonce text not null,
  redirect_to text not null,
  expires_at timestamptz not null
);
alter table sso_login_states enable row level security;
