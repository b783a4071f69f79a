import type { Kysely } from 'kysely';
import { assignableRoles } from '../../platform/auth/permissions.js';
import type { DB, Role } from '../../platform/db/schema.js';
import type { Actor, Tx } from '../../platform/db/transaction.js';
import { Conflict, Forbidden, NotFound } from '../../platform/errors.js';
import { record } from '../audit/index.js';
import { newSecret, secretHash } from '../auth/index.js';
import { createUser, updateUser, userCreate } from '../users/index.js';
import { getVendor } from '../vendors/index.js';
import type { Filter } from './filter.js';
import { displayNameOf, ScimInvalid, type UserChanges } from './patch.js';
import * as repo from './repository.js';
import type { ScimUserRow } from './resources.js';

/**
 * SCIM use cases. A SCIM request acts as the token's issuer narrowed to the token's vendor, with the
 * rights of that vendor's admin (scimActor): row-level security then hides every other vendor's
 * users, and every write goes through the users module, which audits it and, on deactivation, ends
 * the person's sessions, tokens and sockets and returns their tickets to routing.
 */

export interface ScimToken {
  id: string;
  organization_id: string;
  vendor_id: string;
  default_role: Role;
  created_by: string;
}

/** The token behind a bearer secret, or null. */
export async function scimTokenFor(db: Kysely<DB>, secret: string): Promise<ScimToken | null> {
  return (await repo.tokenByHash(db, secretHash(secret))) ?? null;
}

export function scimActor(token: ScimToken): Actor {
  return {
    userId: token.created_by,
    organizationId: token.organization_id,
    role: 'vendor_admin',
    vendorId: token.vendor_id,
    siteId: null,
    teamId: null,
    // No API permission at all: the token is good for /scim/v2 only.
    scopes: [],
    tokenId: token.id,
  };
}

// --- tokens, issued through /api/v1 by a brand admin or the vendor's own admin ----------------------

function requireIssuer(actor: Actor, vendorId: string) {
  if (actor.role !== 'brand_admin' && actor.role !== 'vendor_admin')
    throw new Forbidden('Only a brand admin or the vendor’s admin manages SCIM tokens');
  // Another vendor's admin learns nothing: the same 404 row-level security gives for its vendor.
  if (actor.vendorId && actor.vendorId !== vendorId) throw new NotFound('Vendor', vendorId);
}

export async function issueToken(
  tx: Tx,
  actor: Actor,
  vendorId: string,
  input: { name: string; default_role: Role },
) {
  requireIssuer(actor, vendorId);
  await getVendor(tx, vendorId);
  if (!assignableRoles(actor.role).includes(input.default_role))
    throw new Forbidden(`Your role (${actor.role}) may not grant the role ${input.default_role}`);
  const secret = newSecret('scim');
  const row = await repo.insertToken(tx, {
    organizationId: actor.organizationId,
    vendorId,
    name: input.name,
    tokenHash: secretHash(secret),
    defaultRole: input.default_role,
    createdBy: actor.userId,
  });
  await record(tx, actor, {
    action: 'scim_token.created',
    objectType: 'scim_token',
    objectId: row.id,
    vendorId,
    details: { name: row.name, default_role: row.default_role },
  });
  return { ...row, token: secret };
}

export async function listTokens(tx: Tx, actor: Actor, vendorId: string) {
  requireIssuer(actor, vendorId);
  await getVendor(tx, vendorId);
  return repo.listTokens(tx, vendorId);
}

export async function revokeToken(tx: Tx, actor: Actor, id: string) {
  if (actor.role !== 'brand_admin' && actor.role !== 'vendor_admin')
    throw new Forbidden('Only a brand admin or the vendor’s admin manages SCIM tokens');
  const row = await repo.revokeToken(tx, id);
  if (!row) throw new NotFound('SCIM token', id);
  await record(tx, actor, {
    action: 'scim_token.revoked',
    objectType: 'scim_token',
    objectId: id,
    vendorId: row.vendor_id,
    details: { name: row.name },
  });
}

// --- users -----------------------------------------------------------------------------------------

export function listUsers(
  tx: Tx,
  token: ScimToken,
  q: { filter: Filter | undefined; offset: number; limit: number },
) {
  return repo.listUsers(tx, token.vendor_id, q);
}

export async function getUser(tx: Tx, token: ScimToken, id: string): Promise<ScimUserRow> {
  const user = await repo.findUser(tx, token.vendor_id, id);
  if (!user) throw new NotFound('User', id);
  return user;
}

async function linkExternalId(tx: Tx, token: ScimToken, userId: string, externalId: string | null) {
  if (externalId !== null) {
    const holder = await repo.userIdByExternalId(tx, token.vendor_id, externalId);
    if (holder && holder.user_id !== userId)
      throw new Conflict(`Another user of this vendor has the externalId ${externalId}`);
  }
  await repo.setExternalId(tx, {
    userId,
    organizationId: token.organization_id,
    vendorId: token.vendor_id,
    externalId,
  });
}

/** POST /Users. The vendor is always the token's: no body field can place the user elsewhere. */
export async function createScimUser(tx: Tx, token: ScimToken, changes: UserChanges) {
  if (!changes.userName) throw new ScimInvalid('userName is required', 'invalidValue');
  const actor = scimActor(token);
  const parsed = userCreate.safeParse({
    email: changes.userName,
    display_name: displayNameOf(changes) ?? changes.userName,
    role: changes.role ?? token.default_role,
    vendor_id: token.vendor_id,
  });
  if (!parsed.success)
    throw new ScimInvalid(`userName must be an email address: ${changes.userName}`, 'invalidValue');
  const user = await createUser(tx, actor, { ...parsed.data, vendor_id: token.vendor_id });
  if (changes.externalId !== undefined) await linkExternalId(tx, token, user.id, changes.externalId);
  if (changes.active === false) await updateUser(tx, actor, user.id, { active: false });
  return getUser(tx, token, user.id);
}

/**
 * PUT (replace: an externalId left out is cleared) and PATCH (only what the operations name). The
 * userName is the sign-in email and cannot change here; sending the same one is fine.
 */
export async function changeScimUser(
  tx: Tx,
  token: ScimToken,
  id: string,
  changes: UserChanges,
  mode: 'replace' | 'patch',
) {
  const actor = scimActor(token);
  const current = await getUser(tx, token, id);
  if (changes.userName !== undefined && changes.userName !== current.email)
    throw new ScimInvalid('userName is the sign-in email and cannot be changed through SCIM', 'mutability');
  const displayName = displayNameOf(changes);
  const input = {
    ...(displayName !== undefined && displayName !== current.display_name
      ? { display_name: displayName }
      : {}),
    ...(changes.role !== undefined && changes.role !== current.role ? { role: changes.role } : {}),
    ...(changes.active !== undefined && changes.active !== current.active ? { active: changes.active } : {}),
  };
  if (Object.keys(input).length) await updateUser(tx, actor, id, input);
  const externalId = mode === 'replace' ? (changes.externalId ?? null) : changes.externalId;
  if (externalId !== undefined && externalId !== current.external_id) {
    await linkExternalId(tx, token, id, externalId);
    await record(tx, actor, {
      action: 'user.external_id_changed',
      objectType: 'user',
      objectId: id,
      vendorId: token.vendor_id,
      details: { email: current.email, before: current.external_id, after: externalId },
    });
  }
  return getUser(tx, token, id);
}

/** DELETE: deactivation (deprovisioning); the user stays for tickets' history and the audit log. */
export async function deleteScimUser(tx: Tx, token: ScimToken, id: string) {
  const current = await getUser(tx, token, id);
  if (current.active) await updateUser(tx, scimActor(token), id, { active: false });
}
