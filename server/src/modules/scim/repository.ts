import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB, Role } from '../../platform/db/schema.js';
import type { Tx } from '../../platform/db/transaction.js';
import { type Filter, FilterError, type FilterValue } from './filter.js';
import type { ScimUserRow } from './resources.js';

/** SQL for SCIM tokens, the externalId links, and the SCIM view of a vendor's users (a read). */

const tokenColumns = [
  'id',
  'vendor_id',
  'name',
  'default_role',
  'revoked_at',
  'last_used_at',
  'created_at',
] as const;

/** The live token with this hash and its issuer, who must still be active. Owner connection. */
export async function tokenByHash(db: Kysely<DB>, tokenHash: string) {
  const row = await db
    .selectFrom('scim_tokens as t')
    .innerJoin('users as u', 'u.id', 't.created_by')
    .select(['t.id', 't.organization_id', 't.vendor_id', 't.default_role', 't.created_by', 't.last_used_at'])
    .where('t.token_hash', '=', tokenHash)
    .where('t.revoked_at', 'is', null)
    .where('u.active', '=', true)
    .executeTakeFirst();
  if (row && (!row.last_used_at || Date.now() - Date.parse(row.last_used_at) > 60_000))
    await db.updateTable('scim_tokens').set({ last_used_at: sql`now()` }).where('id', '=', row.id).execute();
  return row;
}

export function insertToken(
  tx: Tx,
  v: {
    organizationId: string;
    vendorId: string;
    name: string;
    tokenHash: string;
    defaultRole: Role;
    createdBy: string;
  },
) {
  return tx
    .insertInto('scim_tokens')
    .values({
      organization_id: v.organizationId,
      vendor_id: v.vendorId,
      name: v.name,
      token_hash: v.tokenHash,
      default_role: v.defaultRole,
      created_by: v.createdBy,
    })
    .returning(tokenColumns)
    .executeTakeFirstOrThrow();
}

export function listTokens(tx: Tx, vendorId: string) {
  return tx
    .selectFrom('scim_tokens')
    .select(tokenColumns)
    .where('vendor_id', '=', vendorId)
    .orderBy('created_at')
    .execute();
}

export function revokeToken(tx: Tx, id: string) {
  return tx
    .updateTable('scim_tokens')
    .set({ revoked_at: sql`now()` })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning(tokenColumns)
    .executeTakeFirst();
}

export async function setExternalId(
  tx: Tx,
  v: { userId: string; organizationId: string; vendorId: string; externalId: string | null },
) {
  await tx
    .insertInto('scim_users')
    .values({
      user_id: v.userId,
      organization_id: v.organizationId,
      vendor_id: v.vendorId,
      external_id: v.externalId,
    })
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet({ external_id: v.externalId, updated_at: sql`now()` }),
    )
    .execute();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The column a SCIM attribute path reads, and whether it compares case-insensitively (caseExact false in RFC 7643 §4.1; externalId is caseExact). */
function column(path: string): { ref: RawBuilder<unknown>; kind: 'text' | 'ci' | 'bool' | 'id' } {
  switch (path.replace(/^urn:ietf:params:scim:schemas:core:2\.0:user:/, '')) {
    case 'username':
    case 'emails':
    case 'emails.value':
    case 'emails[type eq "work"].value':
    case 'emails[primary eq true].value':
      return { ref: sql`lower(u.email)`, kind: 'ci' };
    case 'externalid':
      return { ref: sql`s.external_id`, kind: 'text' };
    case 'displayname':
    case 'name.formatted':
      return { ref: sql`lower(u.display_name)`, kind: 'ci' };
    case 'active':
      return { ref: sql`u.active`, kind: 'bool' };
    case 'id':
      return { ref: sql`u.id`, kind: 'id' };
    case 'roles':
    case 'roles.value':
      return { ref: sql`u.role`, kind: 'text' };
    default:
      throw new FilterError(`Tandem cannot filter on ${path}`);
  }
}

/** A parsed filter as a SQL condition; values are always bound parameters. */
export function condition(f: Filter): RawBuilder<boolean> {
  if (f.op === 'and' || f.op === 'or')
    return f.op === 'and'
      ? sql<boolean>`(${condition(f.left)} and ${condition(f.right)})`
      : sql<boolean>`(${condition(f.left)} or ${condition(f.right)})`;
  if (f.op === 'not') return sql<boolean>`(not coalesce(${condition(f.filter)}, false))`;
  return comparison(f as Extract<Filter, { path: string }>);
}

function comparison(f: Extract<Filter, { path: string }>): RawBuilder<boolean> {
  const { ref, kind } = column(f.path);
  if (f.op === 'pr') return sql<boolean>`(${ref} is not null)`;
  const value: FilterValue = f.value;
  if (kind === 'bool') {
    if (typeof value !== 'boolean' || (f.op !== 'eq' && f.op !== 'ne'))
      throw new FilterError(`${f.path} compares with eq or ne and true or false`);
    return f.op === 'eq' ? sql<boolean>`(${ref} = ${value})` : sql<boolean>`(${ref} <> ${value})`;
  }
  if (value === null)
    return f.op === 'eq' ? sql<boolean>`(${ref} is null)` : sql<boolean>`(${ref} is not null)`;
  if (typeof value !== 'string') throw new FilterError(`${f.path} compares with a quoted string`);
  if (kind === 'id') {
    if (f.op !== 'eq' && f.op !== 'ne') throw new FilterError('id compares with eq or ne');
    if (!UUID.test(value)) return f.op === 'eq' ? sql<boolean>`false` : sql<boolean>`true`;
    return f.op === 'eq' ? sql<boolean>`(${ref} = ${value}::uuid)` : sql<boolean>`(${ref} <> ${value}::uuid)`;
  }
  const v = kind === 'ci' ? value.toLowerCase() : value;
  switch (f.op) {
    case 'eq':
      return sql<boolean>`(${ref} = ${v})`;
    case 'ne':
      return sql<boolean>`(${ref} is distinct from ${v})`;
    case 'co':
      return sql<boolean>`(${ref} like ${`%${likeEscape(v)}%`})`;
    case 'sw':
      return sql<boolean>`(${ref} like ${`${likeEscape(v)}%`})`;
    case 'ew':
      return sql<boolean>`(${ref} like ${`%${likeEscape(v)}`})`;
    case 'gt':
      return sql<boolean>`(${ref} > ${v})`;
    case 'ge':
      return sql<boolean>`(${ref} >= ${v})`;
    case 'lt':
      return sql<boolean>`(${ref} < ${v})`;
    case 'le':
      return sql<boolean>`(${ref} <= ${v})`;
  }
}

function vendorUsers(tx: Tx, vendorId: string) {
  // The explicit vendor condition repeats what row-level security enforces for the SCIM actor.
  return tx
    .selectFrom('users as u')
    .leftJoin('scim_users as s', 's.user_id', 'u.id')
    .where('u.vendor_id', '=', vendorId);
}

const userColumns = [
  'u.id',
  'u.email',
  'u.display_name',
  'u.role',
  'u.active',
  'u.created_at',
  'u.updated_at',
  's.external_id',
] as const;

export async function listUsers(
  tx: Tx,
  vendorId: string,
  q: { filter: Filter | undefined; offset: number; limit: number },
): Promise<{ rows: ScimUserRow[]; total: number }> {
  const where = q.filter ? condition(q.filter) : sql<boolean>`true`;
  const base = vendorUsers(tx, vendorId).where(where);
  const count = await base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const rows =
    q.limit === 0
      ? []
      : await base
          .select(userColumns)
          .orderBy('u.created_at')
          .orderBy('u.id')
          .offset(q.offset)
          .limit(q.limit)
          .execute();
  return { rows, total: Number(count.n) };
}

export function findUser(tx: Tx, vendorId: string, id: string): Promise<ScimUserRow | undefined> {
  if (!UUID.test(id)) return Promise.resolve(undefined);
  return vendorUsers(tx, vendorId).select(userColumns).where('u.id', '=', id).executeTakeFirst();
}

export function userIdByExternalId(tx: Tx, vendorId: string, externalId: string) {
  return tx
    .selectFrom('scim_users')
    .select('user_id')
    .where('vendor_id', '=', vendorId)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
}

/** The vendor's teams with their members (one team per user), by name or id, oldest first. */
export async function listTeams(
  tx: Tx,
  vendorId: string,
  q: { name?: string | undefined; id?: string | undefined; offset?: number; limit?: number },
) {
  if (q.id !== undefined && !UUID.test(q.id)) return [];
  let teams = tx
    .selectFrom('teams')
    .select(['id', 'name', 'created_at', 'updated_at'])
    .where('vendor_id', '=', vendorId)
    .orderBy('created_at')
    .orderBy('id');
  if (q.name !== undefined) teams = teams.where(sql`lower(name)`, '=', q.name.toLowerCase());
  if (q.id !== undefined) teams = teams.where('id', '=', q.id);
  if (q.offset) teams = teams.offset(q.offset);
  if (q.limit !== undefined) teams = teams.limit(q.limit);
  const rows = await teams.execute();
  if (!rows.length) return [];
  const members = await tx
    .selectFrom('users')
    .select(['id', 'email', 'team_id'])
    .where('vendor_id', '=', vendorId)
    .where(
      'team_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('email')
    .execute();
  return rows.map((r) => ({
    ...r,
    members: members.filter((m) => m.team_id === r.id).map((m) => ({ id: m.id, email: m.email })),
  }));
}

export async function countTeams(
  tx: Tx,
  vendorId: string,
  q: { name?: string | undefined; id?: string | undefined },
) {
  if (q.id !== undefined && !UUID.test(q.id)) return 0;
  let teams = tx
    .selectFrom('teams')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('vendor_id', '=', vendorId);
  if (q.name !== undefined) teams = teams.where(sql`lower(name)`, '=', q.name.toLowerCase());
  if (q.id !== undefined) teams = teams.where('id', '=', q.id);
  return Number((await teams.executeTakeFirstOrThrow()).n);
}
