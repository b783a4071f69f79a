import type { Kysely } from 'kysely';
import { type Permission, roleAllows } from '../../platform/auth/permissions.js';
import type { Config } from '../../platform/config.js';
import type { DB, Role } from '../../platform/db/schema.js';
import { type Actor, type Tx, withSystem } from '../../platform/db/transaction.js';
import { Forbidden, Invalid, NotFound, TooManyRequests, Unauthorized } from '../../platform/errors.js';
import { emit } from '../../platform/events.js';
import { record } from '../audit/index.js';
import { setPasswordHash } from '../users/index.js';
import { type ActorCache, forgetCachedUser } from './actor-cache.js';
import {
  afterFailure,
  hashPassword,
  isBlocked,
  newSecret,
  secretHash,
  verifyPassword,
} from './credentials.js';
import { secondStepFor } from './mfa-service.js';
import * as repo from './repository.js';
import { type LoginResult, type MfaChallengeResult, startSession } from './sessions.js';
import * as ssoRepo from './sso-repository.js';

type LoginPolicy = Pick<
  Config,
  | 'TANDEM_LOGIN_MAX_FAILURES'
  | 'TANDEM_LOGIN_LOCKOUT_MINUTES'
  | 'TANDEM_LOGIN_MAX_FAILURES_PER_CLIENT'
  | 'TANDEM_SESSION_TTL_HOURS'
>;

export type { LoginResult, MfaChallengeResult } from './sessions.js';

/**
 * The three throttles a log-in passes: the client address (password spraying over many accounts),
 * the account from that client (guessing one password), and the account from anywhere (guessing
 * from many addresses, with a higher threshold so one attacker address cannot hold it).
 */
function throttleRules(policy: LoginPolicy, email: string, client: string) {
  const cap = policy.TANDEM_LOGIN_LOCKOUT_MINUTES * 60;
  const account = email.toLowerCase();
  return [
    {
      key: `client:${client}`,
      rule: {
        maxFailures: policy.TANDEM_LOGIN_MAX_FAILURES_PER_CLIENT,
        windowSeconds: 900,
        baseSeconds: 60,
        capSeconds: cap,
      },
    },
    {
      key: `account-client:${account}|${client}`,
      rule: {
        maxFailures: policy.TANDEM_LOGIN_MAX_FAILURES,
        windowSeconds: 900,
        baseSeconds: 30,
        capSeconds: cap,
      },
    },
    {
      key: `account:${account}`,
      rule: {
        maxFailures: policy.TANDEM_LOGIN_MAX_FAILURES * 10,
        windowSeconds: 3600,
        baseSeconds: 30,
        capSeconds: cap,
      },
    },
  ];
}

/**
 * Checks email and password behind the log-in throttles. A throttled attempt is refused with when to
 * try again, even with the right password; the answers are the same whether or not the account
 * exists. A success clears the account's throttles (not the client's).
 */
export async function login(
  db: Kysely<DB>,
  policy: LoginPolicy,
  email: string,
  password: string,
  client = 'unknown',
  now = Date.now(),
): Promise<LoginResult | MfaChallengeResult> {
  const rules = throttleRules(policy, email, client);
  const outcome = await withSystem(db, async (tx) => {
    const state = await repo.throttles(
      tx,
      rules.map((r) => r.key),
    );
    const blocked = rules.map((r) => state.get(r.key) ?? null).filter((s) => isBlocked(s, now));
    if (blocked.length) {
      return { kind: 'throttled' as const, until: Math.max(...blocked.map((s) => s!.blockedUntil!)) };
    }
    const user = await repo.findCredentials(tx, email);
    const ok = await verifyPassword(user?.password_hash ?? null, password);
    if (!ok || !user?.active) {
      for (const r of rules)
        await repo.saveThrottle(tx, r.key, afterFailure(state.get(r.key) ?? null, now, r.rule));
      return { kind: 'failed' as const };
    }
    await repo.clearThrottles(
      tx,
      rules.filter((r) => !r.key.startsWith('client:')).map((r) => r.key),
    );
    // The brand turned passwords off for this side: its people sign in at their identity provider.
    if (await ssoRepo.passwordLoginOff(tx, user.organizationId, user.vendorId))
      return { kind: 'sso_only' as const };
    // A user with MFA on, or whom the brand's policy requires to have it, gets a challenge instead.
    const challenge = await secondStepFor(tx, user, now);
    if (challenge) return { kind: 'ok' as const, result: challenge };
    return { kind: 'ok' as const, result: await startSession(tx, policy, user, now) };
  });
  if (outcome.kind === 'throttled') {
    const seconds = Math.max(1, Math.ceil((outcome.until - now) / 1000));
    throw new TooManyRequests(`Too many failed log-ins; try again in ${seconds} s`, [
      { path: 'body.email', message: `try again in ${seconds} s` },
    ]);
  }
  if (outcome.kind === 'failed') throw new Unauthorized('Email or password is wrong');
  if (outcome.kind === 'sso_only')
    throw new Forbidden(
      'Your organization signs you in with single sign-on: use its button on the sign-in page',
      [{ path: 'body.password', message: 'password sign-in is off for your account' }],
    );
  return outcome.result;
}

export async function logout(db: Kysely<DB>, sessionToken: string) {
  await withSystem(db, (tx) => repo.deleteSession(tx, secretHash(sessionToken)));
}

/**
 * Changes the actor's own password after checking the current one; ends their other sessions and,
 * when asked, revokes their API tokens too (a token is not tied to the password, so by default it
 * keeps working). Says what it ended and how many tokens still work.
 */
export async function changePassword(
  db: Kysely<DB>,
  actor: Actor,
  input: { currentPassword: string; newPassword: string; revokeTokens?: boolean | undefined },
  currentSessionToken?: string,
) {
  const outcome = await withSystem(db, async (tx) => {
    const user = await repo.findCredentialsById(tx, actor.userId);
    if (!user || !(await verifyPassword(user.password_hash, input.currentPassword))) {
      throw new Invalid('The current password is wrong', [
        { path: 'body.currentPassword', message: 'does not match' },
      ]);
    }
    await setPasswordHash(tx, actor.userId, await hashPassword(input.newPassword));
    const sessionsEnded = await repo.deleteUserSessions(
      tx,
      actor.userId,
      currentSessionToken ? secretHash(currentSessionToken) : undefined,
    );
    const tokensRevoked = input.revokeTokens ? await repo.revokeUserTokens(tx, actor.userId) : 0;
    if (tokensRevoked > 0) {
      // Other processes forget the user's cached tokens when this arrives on the bus (see authenticate.ts).
      await emit(tx, {
        organizationId: actor.organizationId,
        vendorId: actor.vendorId,
        type: 'token.revoked',
        subjectId: actor.userId,
        payload: { userId: actor.userId },
      });
    }
    await record(tx, actor, {
      action: 'user.password_changed',
      objectType: 'user',
      objectId: actor.userId,
      vendorId: actor.vendorId,
      details: { sessions_ended: sessionsEnded, tokens_revoked: tokensRevoked },
    });
    const tokensRemaining = await repo.countLiveUserTokens(tx, actor.userId);
    return { sessionsEnded, tokensRevoked, tokensRemaining };
  });
  if (outcome.tokensRevoked > 0) forgetCachedUser(actor.userId);
  return outcome;
}

/**
 * Revokes a deactivated user's API tokens in the caller's transaction (an actor's: row-level security
 * keeps it to users the actor sees). Other processes drop cached tokens on the `token.revoked` event.
 * Sessions are the users module's to end (they need the owner role).
 */
export async function revokeTokensOfUser(
  tx: Tx,
  user: { id: string; organizationId: string; vendorId: string | null },
) {
  const revoked = await repo.revokeUserTokens(tx, user.id);
  if (revoked > 0)
    await emit(tx, {
      organizationId: user.organizationId,
      vendorId: user.vendorId,
      type: 'token.revoked',
      subjectId: user.id,
      payload: { userId: user.id },
    });
  forgetCachedUser(user.id);
  return revoked;
}

export async function actorFromSession(db: Kysely<DB>, sessionToken: string): Promise<Actor | null> {
  // A single read (and a rare touch of last_seen_at): autocommit, no explicit transaction on the hot path.
  const row = await repo.actorForSession(db, secretHash(sessionToken));
  if (!row) return null;
  const { userId, organizationId, role, vendorId, siteId, teamId } = row;
  return { userId, organizationId, role, vendorId, siteId, teamId };
}

export async function actorFromToken(
  db: Kysely<DB>,
  token: string,
  cache?: ActorCache,
): Promise<Actor | null> {
  const hash = secretHash(token);
  const cached = cache?.get(hash);
  if (cached) return cached;
  const row = await repo.actorForToken(db, hash);
  if (!row) return null;
  const { userId, organizationId, role, vendorId, siteId, teamId, scopes, tokenId } = row;
  const actor = { userId, organizationId, role, vendorId, siteId, teamId, scopes, tokenId };
  cache?.set(hash, actor);
  return actor;
}

export interface TokenInput {
  name: string;
  scopes: Permission[];
  expiresInDays?: number | undefined;
  userId?: string | undefined;
}

/**
 * Issues an API token for the actor, or for another user the actor can see when the actor may manage
 * tokens. Scopes beyond the owner's role are refused: a token never grants more than its owner has.
 * Runs inside the caller's actor transaction, so row-level security hides foreign users.
 */
export async function createToken(tx: Tx, actor: Actor, input: TokenInput) {
  const userId = input.userId ?? actor.userId;
  let ownerRole: Role = actor.role;
  let ownerVendorId = actor.vendorId;
  if (userId !== actor.userId) {
    if (!roleAllows(actor.role, 'tokens:manage', actor.scopes))
      throw new Forbidden('You may only create tokens for yourself');
    const owner = await repo.findUserRole(tx, userId);
    if (!owner) throw new NotFound('User', userId);
    ownerRole = owner.role;
    ownerVendorId = owner.vendor_id;
  }
  const beyond = input.scopes.filter(
    (s) => !roleAllows(ownerRole, s) || (actor.scopes && !actor.scopes.includes(s)),
  );
  if (beyond.length) {
    throw new Invalid(`Scopes beyond the owner's rights: ${beyond.join(', ')}`, [
      { path: 'body.scopes', message: `not allowed for role ${ownerRole}: ${beyond.join(', ')}` },
    ]);
  }
  const token = newSecret('tdm');
  const expiresAt = input.expiresInDays
    ? new Date(Date.now() + input.expiresInDays * 86_400_000).toISOString()
    : null;
  const row = await repo.insertToken(tx, {
    organizationId: actor.organizationId,
    userId,
    name: input.name,
    tokenHash: secretHash(token),
    scopes: input.scopes,
    expiresAt,
  });
  await record(tx, actor, {
    action: 'token.created',
    objectType: 'api_token',
    objectId: row.id,
    vendorId: ownerVendorId,
    details: { user_id: userId, name: input.name, scopes: input.scopes, expires_at: expiresAt },
  });
  return { ...row, token };
}

/** Tokens the actor may see: their own, or (with tokens:manage) every visible user's. */
export function listTokens(
  tx: Tx,
  actor: Actor,
  page: { limit: number; after?: { createdAt: string; id: string } },
) {
  const manage = roleAllows(actor.role, 'tokens:manage', actor.scopes);
  return repo.listTokens(tx, { ...page, ...(manage ? {} : { userId: actor.userId }) });
}

export async function revokeToken(tx: Tx, actor: Actor, tokenId: string) {
  const token = await repo.findToken(tx, tokenId);
  const manage = roleAllows(actor.role, 'tokens:manage', actor.scopes);
  if (!token || (!manage && token.user_id !== actor.userId)) throw new NotFound('API token', tokenId);
  const row = await repo.revokeToken(tx, tokenId);
  if (!row) throw new NotFound('API token', tokenId);
  forgetCachedUser(row.user_id);
  // Other processes forget the token's owner when this arrives on the bus (see actor-cache.ts).
  await emit(tx, {
    organizationId: actor.organizationId,
    vendorId: actor.vendorId,
    type: 'token.revoked',
    subjectId: tokenId,
    payload: { userId: row.user_id },
  });
  const owner = await repo.findUserRole(tx, row.user_id);
  await record(tx, actor, {
    action: 'token.revoked',
    objectType: 'api_token',
    objectId: tokenId,
    vendorId: owner?.vendor_id ?? null,
    details: { user_id: row.user_id, name: token.name },
  });
  return row;
}
