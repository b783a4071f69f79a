import { sql } from 'kysely';
import { keysetPage } from '../../platform/db/keyset.js';
import type { Channel, NewRow, PresenceStatus, Role, RowUpdate } from '../../platform/db/schema.js';
import type { Tx } from '../../platform/db/transaction.js';
import type { CursorPosition } from '../../platform/http/pagination.js';

/** SQL for users and their agent profile. Row-level security scopes every query to the acting vendor. */

// password_hash, failed_logins and locked_until never leave the auth module.
const userColumns = [
  'id',
  'email',
  'display_name',
  'role',
  'vendor_id',
  'site_id',
  'team_id',
  'languages',
  'active',
  'created_at',
  'updated_at',
] as const;

export function listUsers(
  tx: Tx,
  f: {
    role?: Role | undefined;
    vendorId?: string | undefined;
    teamId?: string | undefined;
    active?: boolean | undefined;
    limit: number;
    cursor?: CursorPosition | undefined;
  },
) {
  let q = tx.selectFrom('users').select(userColumns);
  if (f.role) q = q.where('role', '=', f.role);
  if (f.vendorId) q = q.where('vendor_id', '=', f.vendorId);
  if (f.teamId) q = q.where('team_id', '=', f.teamId);
  if (f.active !== undefined) q = q.where('active', '=', f.active);
  return keysetPage(q, 'email', 'asc', f.limit, f.cursor).execute();
}

export function findUser(tx: Tx, id: string) {
  return tx.selectFrom('users').select(userColumns).where('id', '=', id).executeTakeFirst();
}

export function findUserByEmail(tx: Tx, email: string) {
  return tx
    .selectFrom('users')
    .select([...userColumns, 'organization_id'])
    .where(sql`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
}

/** Inserts unless the email is taken in the organization (by anyone, visible or not): then undefined. */
export function insertUser(tx: Tx, values: NewRow<'users'>) {
  return tx
    .insertInto('users')
    .values(values)
    .onConflict((oc) => oc.expression(sql`organization_id, lower(email)`).doNothing())
    .returning(userColumns)
    .executeTakeFirst();
}

export function updateUser(tx: Tx, id: string, values: RowUpdate<'users'>) {
  return tx.updateTable('users').set(values).where('id', '=', id).returning(userColumns).executeTakeFirst();
}

export function listSkills(tx: Tx, userId: string) {
  return tx
    .selectFrom('agent_skills')
    .select(['skill', 'proficiency'])
    .where('user_id', '=', userId)
    .orderBy('skill')
    .execute();
}

export function listCapacities(tx: Tx, userId: string) {
  return tx
    .selectFrom('agent_capacities')
    .select(['channel', 'max_concurrent'])
    .where('user_id', '=', userId)
    .orderBy('channel')
    .execute();
}

export async function replaceSkills(
  tx: Tx,
  userId: string,
  skills: { skill: string; proficiency: number }[],
) {
  await tx.deleteFrom('agent_skills').where('user_id', '=', userId).execute();
  if (skills.length)
    await tx
      .insertInto('agent_skills')
      .values(skills.map((s) => ({ user_id: userId, ...s })))
      .execute();
}

export async function replaceCapacities(
  tx: Tx,
  userId: string,
  capacities: { channel: Channel; max_concurrent: number }[],
) {
  await tx.deleteFrom('agent_capacities').where('user_id', '=', userId).execute();
  if (capacities.length)
    await tx
      .insertInto('agent_capacities')
      .values(capacities.map((c) => ({ user_id: userId, ...c })))
      .execute();
}

/** A new password hash (auth checks the old password and hashes the new one). */
export async function setPasswordHash(tx: Tx, userId: string, passwordHash: string) {
  await tx
    .updateTable('users')
    .set({ password_hash: passwordHash, updated_at: new Date().toISOString() })
    .where('id', '=', userId)
    .execute();
}

/** Sets a user's presence; returns the previous status (null when the user had none yet). */
export async function upsertPresence(
  tx: Tx,
  p: { userId: string; organizationId: string; vendorId: string | null; status: PresenceStatus },
) {
  const previous = await tx
    .selectFrom('agent_presence')
    .select('status')
    .where('user_id', '=', p.userId)
    .forUpdate()
    .executeTakeFirst();
  const now = new Date().toISOString();
  const row = await tx
    .insertInto('agent_presence')
    .values({
      user_id: p.userId,
      organization_id: p.organizationId,
      vendor_id: p.vendorId,
      status: p.status,
      changed_at: now,
      last_activity_at: now,
    })
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet({
        status: p.status,
        last_activity_at: now,
        changed_at: sql`case when agent_presence.status = excluded.status then agent_presence.changed_at else excluded.changed_at end`,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return { row, previous: previous?.status ?? null };
}

export function listPresence(
  tx: Tx,
  f: { vendorId?: string | undefined; status?: PresenceStatus | undefined },
) {
  let q = tx
    .selectFrom('agent_presence as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select(['p.user_id', 'u.display_name', 'p.vendor_id', 'p.status', 'p.changed_at', 'p.last_activity_at'])
    .where('u.active', '=', true);
  if (f.vendorId) q = q.where('p.vendor_id', '=', f.vendorId);
  if (f.status) q = q.where('p.status', '=', f.status);
  return q.orderBy('u.display_name').limit(1000).execute();
}

/** Active users who are online now and take at least one conversation on the channel. */
export async function countOnlineAgents(tx: Tx, f: { channel: Channel; vendorId?: string | undefined }) {
  let q = tx
    .selectFrom('agent_presence as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .innerJoin('agent_capacities as c', (j) =>
      j.onRef('c.user_id', '=', 'p.user_id').on('c.channel', '=', f.channel).on('c.max_concurrent', '>', 0),
    )
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('p.status', '=', 'online')
    .where('u.active', '=', true);
  if (f.vendorId) q = q.where('p.vendor_id', '=', f.vendorId);
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks these users as active now (an open realtime socket is activity); status is left alone. */
export async function touchPresence(tx: Tx, userIds: string[]) {
  if (!userIds.length) return;
  await tx
    .updateTable('agent_presence')
    .set({ last_activity_at: sql`now()` })
    .where('user_id', 'in', userIds)
    .execute();
}

/** Online → away when the user showed no activity for idleSeconds; the row when it changed. */
export function awayWhenIdle(tx: Tx, userId: string, idleSeconds: number) {
  return tx
    .updateTable('agent_presence')
    .set({ status: 'away', changed_at: sql`now()` })
    .where('user_id', '=', userId)
    .where('status', '=', 'online')
    .where('last_activity_at', '<', sql<string>`now() - make_interval(secs => ${idleSeconds})`)
    .returning(['user_id', 'organization_id', 'vendor_id'])
    .executeTakeFirst();
}
