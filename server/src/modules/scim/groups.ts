import type { Tx } from '../../platform/db/transaction.js';
import { NotFound } from '../../platform/errors.js';
import { updateUser } from '../users/index.js';
import type { Filter } from './filter.js';
import { FilterError } from './filter.js';
import { ScimInvalid } from './patch.js';
import * as repo from './repository.js';
import { SCIM } from './resources.js';
import { type ScimToken, scimActor } from './service.js';

/**
 * SCIM Groups are the vendor's teams, read-only except for membership: a PATCH adding or removing
 * members moves people into or out of the team through the users module (a person is in one team at
 * a time, so adding them to a team takes them out of their previous one). Teams are created and
 * renamed in the console, not by the identity provider.
 */

export interface TeamRow {
  id: string;
  name: string;
  created_at: string;
  updated_at: string;
  members: { id: string; email: string }[];
}

export function groupResource(team: TeamRow, base: string) {
  return {
    schemas: [SCIM.group],
    id: team.id,
    displayName: team.name,
    members: team.members.map((m) => ({ value: m.id, display: m.email, $ref: `${base}/Users/${m.id}` })),
    meta: {
      resourceType: 'Group',
      created: team.created_at,
      lastModified: team.updated_at,
      location: `${base}/Groups/${team.id}`,
    },
  };
}

/** Only `displayName eq "…"` and `id eq "…"` (what Okta and Azure AD send to match a group). */
export function groupNameFilter(filter: Filter | undefined): { name?: string; id?: string } {
  if (!filter) return {};
  if (filter.op === 'eq' && typeof filter.value === 'string') {
    if (filter.path === 'displayname') return { name: filter.value };
    if (filter.path === 'id') return { id: filter.value };
  }
  throw new FilterError('Groups filter on displayName eq "…" or id eq "…" only');
}

export async function listGroups(
  tx: Tx,
  token: ScimToken,
  q: { filter: Filter | undefined; offset: number; limit: number },
) {
  const match = groupNameFilter(q.filter);
  const rows =
    q.limit === 0
      ? []
      : await repo.listTeams(tx, token.vendor_id, { ...match, offset: q.offset, limit: q.limit });
  return { rows, total: await repo.countTeams(tx, token.vendor_id, match) };
}

export async function getGroup(tx: Tx, token: ScimToken, id: string) {
  const team = (await repo.listTeams(tx, token.vendor_id, { id }))[0];
  if (!team) throw new NotFound('Group', id);
  return team;
}

function memberIds(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((m) => {
    const id = typeof m === 'object' && m !== null ? (m as { value?: unknown }).value : undefined;
    if (typeof id !== 'string') throw new ScimInvalid('members need a value (a user id)', 'invalidValue');
    return id;
  });
}

/** PATCH /Groups/{id}: add, remove or replace members. */
export async function patchGroup(tx: Tx, token: ScimToken, id: string, body: unknown) {
  const team = await getGroup(tx, token, id);
  const operations = (body as { Operations?: unknown } | null)?.Operations;
  if (!Array.isArray(operations) || operations.length === 0)
    throw new ScimInvalid('A PatchOp needs Operations', 'invalidSyntax');
  const members = new Set(team.members.map((m) => m.id));
  const target = new Set(members);
  for (const raw of operations) {
    const op = typeof raw?.op === 'string' ? raw.op.toLowerCase() : '';
    const path = typeof raw?.path === 'string' ? raw.path.toLowerCase() : '';
    // Azure AD removes one member as path `members[value eq "<id>"]`.
    const single = /^members\[value eq "([^"]+)"\]$/.exec(path)?.[1];
    if (op === 'remove' && single) target.delete(single);
    else if (path !== 'members')
      throw new ScimInvalid('Only members can change: teams are named in Tandem', 'mutability');
    else if (op === 'add') for (const m of memberIds(raw.value)) target.add(m);
    else if (op === 'remove')
      for (const m of raw.value === undefined ? [...target] : memberIds(raw.value)) target.delete(m);
    else if (op === 'replace') {
      target.clear();
      for (const m of memberIds(raw.value)) target.add(m);
    } else throw new ScimInvalid(`Unknown PATCH op ${String(raw?.op)}`, 'invalidSyntax');
  }
  const actor = scimActor(token);
  for (const userId of target)
    if (!members.has(userId)) {
      // Another vendor's user is invisible here: the same 404 as for any user the token cannot see.
      if (!(await repo.findUser(tx, token.vendor_id, userId))) throw new NotFound('User', userId);
      await updateUser(tx, actor, userId, { team_id: id });
    }
  for (const userId of members)
    if (!target.has(userId)) await updateUser(tx, actor, userId, { team_id: null });
  return getGroup(tx, token, id);
}
