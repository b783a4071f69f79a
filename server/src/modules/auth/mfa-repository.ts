import { sql } from 'kysely';
import type { MfaChallengePurpose } from '../../platform/db/schema.js';
import type { Tx } from '../../platform/db/transaction.js';
import type { MfaPolicy } from './mfa.js';

/** The MFA tables (migration 0030). Owner-only: callers pass a withSystem transaction. */

export function findMfa(tx: Tx, userId: string) {
  return tx
    .selectFrom('user_mfa')
    .select(['user_id', 'secret', 'confirmed_at', 'last_step'])
    .where('user_id', '=', userId)
    .forUpdate()
    .executeTakeFirst();
}

/** A page of stored TOTP secrets, for the re-seal sweep. */
export function secretsAfter(tx: Tx, afterUserId: string | null, limit: number) {
  let query = tx.selectFrom('user_mfa').select(['user_id', 'secret']).orderBy('user_id').limit(limit);
  if (afterUserId) query = query.where('user_id', '>', afterUserId);
  return query.execute();
}

/** Replaces a stored secret only if it is still the one read (a re-enrolment in between wins). */
export async function replaceSecret(tx: Tx, userId: string, read: string, sealed: string) {
  const result = await tx
    .updateTable('user_mfa')
    .set({ secret: sealed })
    .where('user_id', '=', userId)
    .where('secret', '=', read)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Starts (or restarts) an enrolment: a new secret, not yet confirmed. */
export async function saveEnrolment(tx: Tx, userId: string, organizationId: string, secret: string) {
  await tx
    .insertInto('user_mfa')
    .values({ user_id: userId, organization_id: organizationId, secret })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ secret, confirmed_at: null, last_step: null }))
    .execute();
}

export async function confirmEnrolment(tx: Tx, userId: string, step: number) {
  await tx
    .updateTable('user_mfa')
    .set({ confirmed_at: sql`now()`, last_step: step })
    .where('user_id', '=', userId)
    .execute();
}

/** Records the step of an accepted code; false when a concurrent request already used it or a later one. */
export async function advanceStep(tx: Tx, userId: string, step: number) {
  const row = await tx
    .updateTable('user_mfa')
    .set({ last_step: step })
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
    .returning('user_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Removes the authenticator, its recovery codes and open challenges; whether there was one. */
export async function deleteMfa(tx: Tx, userId: string) {
  await tx.deleteFrom('mfa_recovery_codes').where('user_id', '=', userId).execute();
  await tx.deleteFrom('mfa_challenges').where('user_id', '=', userId).execute();
  const row = await tx
    .deleteFrom('user_mfa')
    .where('user_id', '=', userId)
    .returning('confirmed_at')
    .executeTakeFirst();
  return row?.confirmed_at != null;
}

export async function replaceRecoveryCodes(tx: Tx, userId: string, hashes: string[]) {
  await tx.deleteFrom('mfa_recovery_codes').where('user_id', '=', userId).execute();
  await tx
    .insertInto('mfa_recovery_codes')
    .values(hashes.map((code_hash) => ({ user_id: userId, code_hash })))
    .execute();
}

/** Marks an unused code used; false when it is unknown or was used before. */
export async function consumeRecoveryCode(tx: Tx, userId: string, hash: string) {
  const row = await tx
    .updateTable('mfa_recovery_codes')
    .set({ used_at: sql`now()` })
    .where('user_id', '=', userId)
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .returning('user_id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function countUnusedRecoveryCodes(tx: Tx, userId: string) {
  const row = await tx
    .selectFrom('mfa_recovery_codes')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertChallenge(
  tx: Tx,
  tokenHash: string,
  userId: string,
  purpose: MfaChallengePurpose,
  expiresAt: Date,
) {
  // Expired challenges of anyone go when a new one is made: the table stays small without a job.
  await tx.deleteFrom('mfa_challenges').where('expires_at', '<', sql<string>`now()`).execute();
  await tx
    .insertInto('mfa_challenges')
    .values({ token_hash: tokenHash, user_id: userId, purpose, expires_at: expiresAt.toISOString() })
    .execute();
}

/** A live challenge with its user (active users only), for the second step of a sign-in. */
export function findChallenge(tx: Tx, tokenHash: string, now: Date) {
  return tx
    .selectFrom('mfa_challenges as c')
    .innerJoin('users', 'users.id', 'c.user_id')
    .select([
      'c.purpose',
      'users.id as userId',
      'users.organization_id as organizationId',
      'users.role',
      'users.vendor_id as vendorId',
      'users.site_id as siteId',
      'users.team_id as teamId',
      'users.email',
    ])
    .where('c.token_hash', '=', tokenHash)
    .where('c.expires_at', '>', now.toISOString())
    .where('users.active', '=', true)
    .executeTakeFirst();
}

export async function deleteChallenges(tx: Tx, userId: string) {
  await tx.deleteFrom('mfa_challenges').where('user_id', '=', userId).execute();
}

export async function findPolicy(tx: Tx, organizationId: string): Promise<MfaPolicy | null> {
  const row = await tx
    .selectFrom('mfa_policies')
    .select(['mode', 'brand_staff', 'vendor_ids'])
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  return row ? { mode: row.mode, brandStaff: row.brand_staff, vendorIds: row.vendor_ids } : null;
}

export async function savePolicy(tx: Tx, organizationId: string, policy: MfaPolicy) {
  const values = {
    mode: policy.mode,
    brand_staff: policy.brandStaff,
    vendor_ids: policy.vendorIds,
    updated_at: new Date().toISOString(),
  };
  await tx
    .insertInto('mfa_policies')
    .values({ organization_id: organizationId, ...values })
    .onConflict((oc) => oc.column('organization_id').doUpdateSet(values))
    .execute();
}

/** Which of these ids are vendors of the organization. */
export async function vendorsOf(tx: Tx, organizationId: string, ids: string[]) {
  if (!ids.length) return [];
  const rows = await tx
    .selectFrom('vendors')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('id', 'in', ids)
    .execute();
  return rows.map((r) => r.id);
}

export function findUserForReset(tx: Tx, userId: string) {
  return tx
    .selectFrom('users')
    .select(['id', 'organization_id', 'vendor_id', 'role', 'email'])
    .where('id', '=', userId)
    .executeTakeFirst();
}
