import type { Role } from '../../platform/db/schema.js';
import type { Tx } from '../../platform/db/transaction.js';

/** The only writer of sso_providers, sso_links and sso_login_states (migration 0035); owner transactions. */

const providerColumns = [
  'id',
  'organization_id',
  'vendor_id',
  'name',
  'issuer',
  'client_id',
  'client_secret',
  'roles_claim',
  'role_map',
  'default_role',
  'password_login',
  'enabled',
  'created_at',
  'updated_at',
] as const;

export function listProviders(tx: Tx, organizationId: string) {
  return tx
    .selectFrom('sso_providers')
    .select(providerColumns)
    .where('organization_id', '=', organizationId)
    .orderBy('name')
    .execute();
}

export function findProvider(tx: Tx, id: string) {
  return tx.selectFrom('sso_providers').select(providerColumns).where('id', '=', id).executeTakeFirst();
}

/** Every enabled provider of the instance, for the sign-in page (one brand per instance, usually). */
export function enabledProviders(tx: Tx) {
  return tx
    .selectFrom('sso_providers')
    .select(['id', 'name'])
    .where('enabled', '=', true)
    .orderBy('name')
    .execute();
}

export interface ProviderValues {
  vendor_id?: string | null;
  name?: string;
  issuer?: string;
  client_id?: string;
  client_secret?: string;
  roles_claim?: string;
  role_map?: Record<string, Role>;
  default_role?: Role | null;
  password_login?: boolean;
  enabled?: boolean;
}

const json = (v: ProviderValues) => ({
  ...v,
  ...(v.role_map !== undefined ? { role_map: JSON.stringify(v.role_map) } : {}),
});

/** Inserts with a given id (the secret is sealed to it); undefined when the side has one already. */
export function insertProvider(
  tx: Tx,
  row: ProviderValues & {
    id: string;
    organization_id: string;
    name: string;
    issuer: string;
    client_id: string;
    client_secret: string;
  },
) {
  return tx
    .insertInto('sso_providers')
    .values({ ...json(row), id: row.id, organization_id: row.organization_id } as never)
    .onConflict((oc) => oc.doNothing())
    .returning(providerColumns)
    .executeTakeFirst();
}

export function updateProvider(tx: Tx, id: string, values: ProviderValues) {
  return tx
    .updateTable('sso_providers')
    .set({ ...json(values), updated_at: new Date().toISOString() } as never)
    .where('id', '=', id)
    .returning(providerColumns)
    .executeTakeFirst();
}

export function deleteProvider(tx: Tx, id: string) {
  return tx.deleteFrom('sso_providers').where('id', '=', id).returning('id').executeTakeFirst();
}

/** Whether password sign-in is off for this user's side (their vendor, or the brand's staff). */
export async function passwordLoginOff(tx: Tx, organizationId: string, vendorId: string | null) {
  let q = tx
    .selectFrom('sso_providers')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('enabled', '=', true)
    .where('password_login', '=', false);
  q = vendorId === null ? q.where('vendor_id', 'is', null) : q.where('vendor_id', '=', vendorId);
  return (await q.executeTakeFirst()) !== undefined;
}

export function insertState(
  tx: Tx,
  row: {
    state_hash: string;
    provider_id: string;
    code_verifier: string;
    nonce: string;
    redirect_to: string;
    expires_at: string;
  },
) {
  return tx.insertInto('sso_login_states').values(row).execute();
}

/** Takes the state out (single use) if it has not expired. */
export async function takeState(tx: Tx, stateHash: string, now: Date) {
  const row = await tx
    .deleteFrom('sso_login_states')
    .where('state_hash', '=', stateHash)
    .returning(['provider_id', 'code_verifier', 'nonce', 'redirect_to', 'expires_at'])
    .executeTakeFirst();
  await tx.deleteFrom('sso_login_states').where('expires_at', '<', now.toISOString()).execute();
  return row && Date.parse(row.expires_at) > now.getTime() ? row : undefined;
}

export function linkedUser(tx: Tx, providerId: string, subject: string) {
  return tx
    .selectFrom('sso_links')
    .innerJoin('users', 'users.id', 'sso_links.user_id')
    .select([
      'users.id as userId',
      'users.organization_id as organizationId',
      'users.role',
      'users.vendor_id as vendorId',
      'users.site_id as siteId',
      'users.team_id as teamId',
      'users.active',
    ])
    .where('sso_links.provider_id', '=', providerId)
    .where('sso_links.subject', '=', subject)
    .executeTakeFirst();
}

export function userByEmail(tx: Tx, organizationId: string, email: string) {
  return tx
    .selectFrom('users')
    .select([
      'id as userId',
      'organization_id as organizationId',
      'role',
      'vendor_id as vendorId',
      'site_id as siteId',
      'team_id as teamId',
      'active',
    ])
    .where('organization_id', '=', organizationId)
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
}

export function link(tx: Tx, providerId: string, subject: string, userId: string) {
  return tx
    .insertInto('sso_links')
    .values({ provider_id: providerId, subject, user_id: userId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}
