import type { z } from 'zod';
import { assignableRoles } from '../../platform/auth/permissions.js';
import type { Channel, PresenceStatus, Role } from '../../platform/db/schema.js';
import type { Actor, Tx } from '../../platform/db/transaction.js';
import { Conflict, Forbidden, Invalid, NotFound } from '../../platform/errors.js';
import { emit } from '../../platform/events.js';
import { changes, record, snapshot } from '../audit/index.js';
import {
  deleteSessionsOf,
  endAllSessions,
  forgetCachedUser,
  hashPassword,
  listSessions,
  revokeTokensOfUser,
} from '../auth/index.js';
import { returnAgentTickets } from '../tickets/index.js';
import { findSite, findTeam, findVendorByRef } from '../vendors/index.js';
import * as repo from './repository.js';
import type { userCreate, userUpdate } from './schemas.js';

/**
 * Users and their agent profile. Routes have checked users:read / users:write; row-level security
 * hides other vendors' users (so they are 404s), and these functions check what the role may grant.
 */

/** Roles that always belong to a vendor, and roles that never do; qa_reviewer and auditor may go either way. */
const VENDOR_ROLES: readonly Role[] = ['vendor_admin', 'team_lead', 'agent'];
const BRAND_ROLES: readonly Role[] = ['brand_admin', 'brand_analyst'];

export function listUsers(tx: Tx, filter: Parameters<typeof repo.listUsers>[1]) {
  return repo.listUsers(tx, filter);
}

export async function getUser(tx: Tx, id: string) {
  const user = await repo.findUser(tx, id);
  if (!user) throw new NotFound('User', id);
  return user;
}

export async function getProfile(tx: Tx, id: string) {
  const user = await getUser(tx, id);
  const [skills, capacities] = await Promise.all([repo.listSkills(tx, id), repo.listCapacities(tx, id)]);
  return { ...user, skills, capacities };
}

/** For the CLI: the user with this email (case-insensitive), or undefined. */
export function findUserByEmail(tx: Tx, email: string) {
  return repo.findUserByEmail(tx, email);
}

/** Checks that role, vendor, site and team fit together, with the failing field's path. */
async function checkPlacement(
  tx: Tx,
  p: { role: Role; vendorId: string | null; siteId: string | null; teamId: string | null },
) {
  if (VENDOR_ROLES.includes(p.role) && !p.vendorId)
    throw new Invalid(`A user with the role ${p.role} belongs to a vendor`, [
      { path: 'body.vendor_id', message: `required for role ${p.role}` },
    ]);
  if (BRAND_ROLES.includes(p.role) && p.vendorId)
    throw new Invalid(`A user with the role ${p.role} works for the brand, not a vendor`, [
      { path: 'body.vendor_id', message: `must be empty for role ${p.role}` },
    ]);
  if (p.vendorId && !(await findVendorByRef(tx, p.vendorId)))
    throw new Invalid(`Vendor ${p.vendorId} does not exist or is not yours`, [
      { path: 'body.vendor_id', message: 'unknown vendor' },
    ]);
  const site = p.siteId ? await findSite(tx, p.siteId) : undefined;
  if (p.siteId && (!site || site.vendor_id !== p.vendorId))
    throw new Invalid('The site is not one of this user’s vendor’s sites', [
      { path: 'body.site_id', message: 'site of another vendor' },
    ]);
  if (!p.teamId) return;
  const team = await findTeam(tx, p.teamId);
  if (!team || team.vendor_id !== p.vendorId)
    throw new Invalid('The team is not one of this user’s vendor’s teams', [
      { path: 'body.team_id', message: 'team of another vendor' },
    ]);
  if (p.siteId && team.site_id && team.site_id !== p.siteId)
    throw new Invalid('The team works at another site', [
      { path: 'body.team_id', message: 'team of another site' },
    ]);
}

function requireAssignable(actor: Actor, role: Role, path = 'body.role') {
  if (!assignableRoles(actor.role).includes(role))
    throw new Forbidden(`Your role (${actor.role}) may not grant or manage the role ${role}`, [
      { path, message: `not assignable by ${actor.role}` },
    ]);
}

type CreateInput = z.output<typeof userCreate>;

/**
 * Creates a user in the organization after the placement checks. The CLI calls this directly as the
 * owner; the API goes through createUser, which first checks what the actor may grant.
 */
export async function provisionUser(tx: Tx, organizationId: string, input: CreateInput) {
  const vendorId = input.vendor_id ?? null;
  const placement = { siteId: input.site_id ?? null, teamId: input.team_id ?? null };
  await checkPlacement(tx, { role: input.role, vendorId, ...placement });
  const user = await repo.insertUser(tx, {
    organization_id: organizationId,
    email: input.email,
    display_name: input.display_name,
    password_hash: input.password ? await hashPassword(input.password) : null,
    role: input.role,
    vendor_id: vendorId,
    site_id: placement.siteId,
    team_id: placement.teamId,
    languages: input.languages,
  });
  if (!user)
    throw new Conflict(`A user with the email ${input.email} exists already`, [
      { path: 'body.email', message: 'already taken' },
    ]);
  await emit(tx, {
    organizationId,
    vendorId: user.vendor_id,
    type: 'user.created',
    subjectId: user.id,
    payload: { role: user.role },
  });
  return user;
}

export async function createUser(tx: Tx, actor: Actor, input: CreateInput) {
  requireAssignable(actor, input.role);
  if (actor.vendorId) {
    // A vendor's admin adds people to their own vendor only; leaving vendor_id out means "mine".
    if (input.vendor_id && input.vendor_id !== actor.vendorId)
      throw new Invalid('You can only create users of your own vendor', [
        { path: 'body.vendor_id', message: 'not your vendor' },
      ]);
    return audited(await provisionUser(tx, actor.organizationId, { ...input, vendor_id: actor.vendorId }));
  }
  return audited(await provisionUser(tx, actor.organizationId, input));

  async function audited(user: Awaited<ReturnType<typeof provisionUser>>) {
    await record(tx, actor, {
      action: 'user.created',
      objectType: 'user',
      objectId: user.id,
      vendorId: user.vendor_id,
      details: snapshot(user, ['email', 'display_name', 'role', 'vendor_id', 'site_id', 'team_id', 'active']),
    });
    return user;
  }
}

/** The user, if the actor may edit them: visible, and holding a role the actor could grant. */
async function getEditable(tx: Tx, actor: Actor, id: string) {
  const user = await getUser(tx, id);
  if (!assignableRoles(actor.role).includes(user.role))
    throw new Forbidden(`Your role (${actor.role}) may not change a ${user.role}`);
  return user;
}

/**
 * A user's sessions and devices, for an admin who may manage them (the same check as editing: a
 * brand admin any user, a vendor admin their vendor's; another vendor's user is a 404 under RLS).
 */
export async function sessionsOf(tx: Tx, actor: Actor, id: string) {
  const user = await getEditable(tx, actor, id);
  return listSessions(tx, user.id);
}

/** Signs a user out everywhere (every session; API tokens stay), for an admin who may manage them. */
export async function endSessionsOf(tx: Tx, actor: Actor, id: string) {
  const user = await getEditable(tx, actor, id);
  return endAllSessions(tx, actor, { id: user.id, email: user.email, vendorId: user.vendor_id });
}

export async function updateUser(tx: Tx, actor: Actor, id: string, input: z.output<typeof userUpdate>) {
  const before = await getEditable(tx, actor, id);
  if (input.role) requireAssignable(actor, input.role);
  // Nobody locks themselves out: the last admin cannot demote or deactivate their own account.
  if (id === actor.userId && ((input.role && input.role !== before.role) || input.active === false))
    throw new Invalid('You cannot change your own role or deactivate yourself', [
      { path: input.active === false ? 'body.active' : 'body.role', message: 'your own account' },
    ]);
  await checkPlacement(tx, {
    role: input.role ?? before.role,
    vendorId: before.vendor_id,
    siteId: input.site_id !== undefined ? input.site_id : before.site_id,
    teamId: input.team_id !== undefined ? input.team_id : before.team_id,
  });
  const user = await repo.updateUser(tx, id, { ...input, updated_at: new Date().toISOString() });
  if (!user) throw new NotFound('User', id);
  const deactivated = before.active && input.active === false;
  // Deactivating is deprovisioning, from the console or SCIM alike: nothing the person held still
  // works (sessions, API tokens; their sockets close on the user.deactivated event) and their
  // unsolved tickets go back to routing rather than wait for someone who will not come.
  let ended: { tokens_revoked: number; tickets_returned: string[] } | undefined;
  if (deactivated) {
    await deleteSessionsOf(tx, id);
    ended = {
      tokens_revoked: await revokeTokensOfUser(tx, {
        id,
        organizationId: actor.organizationId,
        vendorId: user.vendor_id,
      }),
      tickets_returned: await returnAgentTickets(tx, actor.organizationId, id, 'agent deactivated'),
    };
  }
  // Role, vendor or activity may have changed: a cached API-token look-up must not outlive that.
  forgetCachedUser(id);
  await emit(tx, {
    organizationId: actor.organizationId,
    vendorId: user.vendor_id,
    type: deactivated
      ? 'user.deactivated'
      : !before.active && input.active
        ? 'user.reactivated'
        : 'user.updated',
    subjectId: id,
    payload: { changes: input },
  });
  await record(tx, actor, {
    action: deactivated
      ? 'user.deactivated'
      : !before.active && input.active
        ? 'user.reactivated'
        : input.role && input.role !== before.role
          ? 'user.role_changed'
          : 'user.updated',
    objectType: 'user',
    objectId: id,
    vendorId: user.vendor_id,
    details: { email: user.email, changes: changes(before, user, Object.keys(input)), ...ended },
  });
  return user;
}

export async function setSkills(
  tx: Tx,
  actor: Actor,
  id: string,
  skills: { skill: string; proficiency: number }[],
) {
  const user = await getEditable(tx, actor, id);
  await repo.replaceSkills(tx, id, skills);
  // Routing re-reads an agent's skills when this event arrives.
  await emit(tx, {
    organizationId: actor.organizationId,
    vendorId: user.vendor_id,
    type: 'user.skills_changed',
    subjectId: id,
    payload: { skills },
  });
  await record(tx, actor, {
    action: 'user.skills_changed',
    objectType: 'user',
    objectId: id,
    vendorId: user.vendor_id,
    details: { email: user.email, skills },
  });
  return getProfile(tx, id);
}

export async function setCapacities(
  tx: Tx,
  actor: Actor,
  id: string,
  capacities: { channel: Channel; max_concurrent: number }[],
) {
  const user = await getEditable(tx, actor, id);
  await repo.replaceCapacities(tx, id, capacities);
  await emit(tx, {
    organizationId: actor.organizationId,
    vendorId: user.vendor_id,
    type: 'user.capacities_changed',
    subjectId: id,
    payload: { capacities },
  });
  await record(tx, actor, {
    action: 'user.capacities_changed',
    objectType: 'user',
    objectId: id,
    vendorId: user.vendor_id,
    details: { email: user.email, capacities },
  });
  return getProfile(tx, id);
}

/**
 * An agent sets their own presence (online, away, offline). Announced only when it changes, so a
 * client re-sending "online" as a heartbeat refreshes last activity without flooding the bus.
 */
export async function setPresence(tx: Tx, actor: Actor, status: PresenceStatus) {
  const { row, previous } = await repo.upsertPresence(tx, {
    userId: actor.userId,
    organizationId: actor.organizationId,
    vendorId: actor.vendorId,
    status,
  });
  if (previous !== status) {
    await emit(tx, {
      organizationId: actor.organizationId,
      vendorId: actor.vendorId,
      type: 'presence.changed',
      subjectId: actor.userId,
      payload: { status, previous },
    });
  }
  return row;
}

export function listPresence(tx: Tx, filter: Parameters<typeof repo.listPresence>[1]) {
  return repo.listPresence(tx, filter);
}

/** How many agents could take a conversation on this channel right now (optionally of one vendor). */
export function countOnlineAgents(tx: Tx, filter: Parameters<typeof repo.countOnlineAgents>[1]) {
  return repo.countOnlineAgents(tx, filter);
}

/** An open realtime socket counts as activity: keeps its agent from being set away as idle. */
export function touchPresence(tx: Tx, userIds: string[]) {
  return repo.touchPresence(tx, userIds);
}

/**
 * Sets an online agent away when nothing showed activity for idleSeconds (no realtime socket on any
 * process, no presence call), and announces it like a change the agent made.
 */
export async function awayWhenIdle(tx: Tx, userId: string, idleSeconds: number) {
  const row = await repo.awayWhenIdle(tx, userId, idleSeconds);
  if (!row) return false;
  await emit(tx, {
    organizationId: row.organization_id,
    vendorId: row.vendor_id,
    type: 'presence.changed',
    subjectId: userId,
    payload: { status: 'away', previous: 'online', reason: 'idle' },
  });
  return true;
}
