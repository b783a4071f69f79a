import { type Kysely, sql } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { Tx } from '../../platform/db/transaction.js';

/** Sessions, API tokens and credential columns of users. Callers pass the owner connection, never an actor transaction. */

const actorColumns = [
  'users.id as userId',
  'users.organization_id as organizationId',
  'users.role',
  'users.vendor_id as vendorId',
  'users.site_id as siteId',
  'users.team_id as teamId',
] as const;

export function findCredentials(tx: Tx, email: string) {
  return tx
    .selectFrom('users')
    .select([...actorColumns, 'password_hash', 'active'])
    .where(sql`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
}

export function findCredentialsById(tx: Tx, userId: string) {
  return tx.selectFrom('users').select(['id', 'password_hash']).where('id', '=', userId).executeTakeFirst();
}

/** The throttle rows of these keys, locked for this log-in attempt. */
export async function throttles(tx: Tx, keys: string[]) {
  const rows = await tx
    .selectFrom('login_throttles')
    .selectAll()
    .where('key', 'in', keys)
    .orderBy('key')
    .forUpdate()
    .execute();
  return new Map(
    rows.map((r) => [
      r.key,
      {
        failures: r.failures,
        windowStartedAt: Date.parse(r.window_started_at),
        blockedUntil: r.blocked_until === null ? null : Date.parse(r.blocked_until),
      },
    ]),
  );
}

export async function saveThrottle(
  tx: Tx,
  key: string,
  s: { failures: number; windowStartedAt: number; blockedUntil: number | null },
) {
  const row = {
    key,
    failures: s.failures,
    window_started_at: new Date(s.windowStartedAt).toISOString(),
    blocked_until: s.blockedUntil === null ? null : new Date(s.blockedUntil).toISOString(),
  };
  await tx
    .insertInto('login_throttles')
    .values(row)
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: row.failures,
        window_started_at: row.window_started_at,
        blocked_until: row.blocked_until,
      }),
    )
    .execute();
}

export async function clearThrottles(tx: Tx, keys: string[]) {
  await tx.deleteFrom('login_throttles').where('key', 'in', keys).execute();
}

export async function insertSession(tx: Tx, tokenHash: string, userId: string, expiresAt: Date) {
  await tx
    .insertInto('sessions')
    .values({ token_hash: tokenHash, user_id: userId, expires_at: expiresAt.toISOString() })
    .execute();
}

export async function deleteSession(tx: Tx, tokenHash: string) {
  await tx.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteUserSessions(tx: Tx, userId: string, exceptTokenHash?: string) {
  let q = tx.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptTokenHash) q = q.where('token_hash', '<>', exceptTokenHash);
  const result = await q.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Revokes every live API token of a user; returns how many it revoked. */
export async function revokeUserTokens(tx: Tx, userId: string) {
  const rows = await tx
    .updateTable('api_tokens')
    .set({ revoked_at: sql`now()` })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute();
  return rows.length;
}

/** A user's API tokens that still work: not revoked and not expired. */
export async function countLiveUserTokens(tx: Tx, userId: string) {
  const row = await tx
    .selectFrom('api_tokens')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', sql<string>`now()`)]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The active user behind a live session, extending last_seen_at at most once a minute. */
export async function actorForSession(tx: Kysely<DB>, tokenHash: string) {
  const row = await tx
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([...actorColumns, 'sessions.last_seen_at'])
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.expires_at', '>', sql<string>`now()`)
    .where('users.active', '=', true)
    .executeTakeFirst();
  if (row && Date.now() - Date.parse(row.last_seen_at) > 60_000) {
    await tx
      .updateTable('sessions')
      .set({ last_seen_at: sql`now()` })
      .where('token_hash', '=', tokenHash)
      .execute();
  }
  return row;
}

/** The active user behind a live, unrevoked token, with its scopes. */
export async function actorForToken(tx: Kysely<DB>, tokenHash: string) {
  const row = await tx
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select([...actorColumns, 'api_tokens.id as tokenId', 'api_tokens.scopes', 'api_tokens.last_used_at'])
    .where('api_tokens.token_hash', '=', tokenHash)
    .where('api_tokens.revoked_at', 'is', null)
    .where((eb) =>
      eb.or([eb('api_tokens.expires_at', 'is', null), eb('api_tokens.expires_at', '>', sql<string>`now()`)]),
    )
    .where('users.active', '=', true)
    .executeTakeFirst();
  // last_used_at is informational: refresh it at most once a minute to keep hot API paths read-only.
  if (row && (!row.last_used_at || Date.now() - Date.parse(row.last_used_at) > 60_000)) {
    await tx
      .updateTable('api_tokens')
      .set({ last_used_at: sql`now()` })
      .where('id', '=', row.tokenId)
      .execute();
  }
  return row;
}

const tokenColumns = [
  'id',
  'user_id',
  'name',
  'scopes',
  'expires_at',
  'revoked_at',
  'last_used_at',
  'created_at',
] as const;

export function insertToken(
  tx: Tx,
  values: {
    organizationId: string;
    userId: string;
    name: string;
    tokenHash: string;
    scopes: string[];
    expiresAt: string | null;
  },
) {
  return tx
    .insertInto('api_tokens')
    .values({
      organization_id: values.organizationId,
      user_id: values.userId,
      name: values.name,
      token_hash: values.tokenHash,
      scopes: values.scopes,
      expires_at: values.expiresAt,
    })
    .returning(tokenColumns)
    .executeTakeFirstOrThrow();
}

export function listTokens(
  tx: Tx,
  filter: { userId?: string; limit: number; after?: { createdAt: string; id: string } },
) {
  let q = tx
    .selectFrom('api_tokens')
    .select(tokenColumns)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit + 1);
  if (filter.userId) q = q.where('user_id', '=', filter.userId);
  if (filter.after) {
    const { createdAt, id } = filter.after;
    q = q.where((eb) =>
      eb.or([
        eb('created_at', '<', createdAt),
        eb.and([eb('created_at', '=', createdAt), eb('id', '<', id)]),
      ]),
    );
  }
  return q.execute();
}

export function findToken(tx: Tx, tokenId: string) {
  return tx.selectFrom('api_tokens').select(tokenColumns).where('id', '=', tokenId).executeTakeFirst();
}

export function revokeToken(tx: Tx, tokenId: string) {
  return tx
    .updateTable('api_tokens')
    .set({ revoked_at: sql`coalesce(revoked_at, now())` })
    .where('id', '=', tokenId)
    .returning(tokenColumns)
    .executeTakeFirst();
}

export function findUserRole(tx: Tx, userId: string) {
  return tx
    .selectFrom('users')
    .select(['id', 'role', 'organization_id', 'vendor_id'])
    .where('id', '=', userId)
    .executeTakeFirst();
}

/** The name, email and vendor name the console's header shows for the signed-in user (RLS-scoped). */
export async function profileOf(tx: Tx, userId: string) {
  return tx
    .selectFrom('users as u')
    .leftJoin('vendors as v', 'v.id', 'u.vendor_id')
    .select(['u.display_name', 'u.email', 'v.name as vendor_name'])
    .where('u.id', '=', userId)
    .executeTakeFirst();
}

/** Notes the device a new session was opened from (owner connection: sessions have no RLS policy). */
export async function recordSessionDevice(
  db: Kysely<DB>,
  tokenHash: string,
  device: { userAgent: string | null; ip: string | null },
) {
  await db
    .updateTable('sessions')
    .set({ user_agent: device.userAgent, ip: device.ip })
    .where('token_hash', '=', tokenHash)
    .execute();
}

/** A user's live sessions, newest activity first. The token hash stays in the server (it marks the current one). */
export function listUserSessions(tx: Tx, userId: string) {
  return tx
    .selectFrom('sessions')
    .select(['id', 'token_hash', 'created_at', 'last_seen_at', 'expires_at', 'user_agent', 'ip'])
    .where('user_id', '=', userId)
    .where('expires_at', '>', sql<string>`now()`)
    .orderBy('last_seen_at', 'desc')
    .orderBy('id')
    .execute();
}

/** Ends one session of a user by its id; returns whether there was one. */
export async function deleteSessionById(tx: Tx, userId: string, sessionId: string) {
  const result = await tx
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .where('id', '=', sessionId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
