import type { Kysely } from 'kysely';
import { assignableRoles, roleAllows } from '../../platform/auth/permissions.js';
import type { Config } from '../../platform/config.js';
import { keyringOf } from '../../platform/crypto/keyring.js';
import type { DB } from '../../platform/db/schema.js';
import { type Actor, type Tx, withSystem } from '../../platform/db/transaction.js';
import {
  Conflict,
  Forbidden,
  Invalid,
  NotFound,
  TooManyRequests,
  Unauthorized,
} from '../../platform/errors.js';
import { record } from '../audit/index.js';
import { afterFailure, isBlocked, newSecret, secretHash, type ThrottleRule } from './credentials.js';
import {
  acceptTotp,
  CHALLENGE_SECONDS,
  type MfaPolicy,
  NO_POLICY,
  newRecoveryCodes,
  newTotpSecret,
  otpauthUri,
  policyCovers,
  recoveryCodeHash,
} from './mfa.js';
import * as mfaRepo from './mfa-repository.js';
import { sealTotpSecret, totpSecret } from './mfa-secrets.js';
import * as repo from './repository.js';
import { type LoginResult, type MfaChallengeResult, startSession } from './sessions.js';

/**
 * Multi-factor authentication (docs/security.md). Everything here runs as the owner (the MFA tables
 * are owner-only), so access is checked in code: a user acts on their own MFA, and a reset checks
 * organization, vendor and role the way row-level security and users:write would.
 */

type MfaConfig = Pick<
  Config,
  | 'TANDEM_MFA_KEY'
  | 'TANDEM_SESSION_TTL_HOURS'
  | 'TANDEM_LOGIN_MAX_FAILURES'
  | 'TANDEM_LOGIN_LOCKOUT_MINUTES'
  | 'TANDEM_KEK'
  | 'TANDEM_KEK_FILE'
  | 'TANDEM_KEK_PREVIOUS'
  | 'TANDEM_DATA_DIR'
  | 'embedded'
>;

/** Wrong codes of one user, from anywhere: after TANDEM_LOGIN_MAX_FAILURES, a doubling wait. */
function codeThrottle(config: MfaConfig, userId: string): { key: string; rule: ThrottleRule } {
  return {
    key: `mfa:${userId}`,
    rule: {
      maxFailures: config.TANDEM_LOGIN_MAX_FAILURES,
      windowSeconds: 900,
      baseSeconds: 30,
      capSeconds: config.TANDEM_LOGIN_LOCKOUT_MINUTES * 60,
    },
  };
}

/** Called by login() after a right password: the challenge the user must pass, or null for a session. */
export async function secondStepFor(tx: Tx, user: Actor, now: number): Promise<MfaChallengeResult | null> {
  const mfa = await mfaRepo.findMfa(tx, user.userId);
  const enrolled = mfa?.confirmed_at != null;
  if (!enrolled) {
    const policy = (await mfaRepo.findPolicy(tx, user.organizationId)) ?? NO_POLICY;
    if (!policyCovers(policy, user)) return null;
  }
  const challenge = newSecret('mfa');
  const expiresAt = new Date(now + CHALLENGE_SECONDS * 1000);
  const purpose = enrolled ? 'verify' : 'enrol';
  await mfaRepo.insertChallenge(tx, secretHash(challenge), user.userId, purpose, expiresAt);
  return { mfaRequired: true, challenge, enrol: !enrolled, expiresAt };
}

type Challenged = NonNullable<Awaited<ReturnType<typeof mfaRepo.findChallenge>>>;

async function challengeOf(tx: Tx, challenge: string, now: number): Promise<Challenged> {
  const found = await mfaRepo.findChallenge(tx, secretHash(challenge), new Date(now));
  if (!found) throw new Unauthorized('This sign-in has expired; sign in with your password again');
  return found;
}

const actorOf = (u: Challenged | Actor): Actor => ({
  userId: u.userId,
  organizationId: u.organizationId,
  role: u.role,
  vendorId: u.vendorId,
  siteId: u.siteId,
  teamId: u.teamId,
});

type CodeOutcome = { kind: 'ok'; step: number | null; recovery: boolean } | { kind: 'wrong' };

/**
 * Checks a TOTP code (6 digits) or a recovery code against a confirmed or pending enrolment, behind
 * the user's code throttle. A TOTP code is accepted once: its step must be later than the last
 * accepted one. A recovery code is consumed.
 */
async function checkCode(
  db: Kysely<DB>,
  tx: Tx,
  config: MfaConfig,
  userId: string,
  code: string,
  now: number,
  allowRecovery: boolean,
): Promise<CodeOutcome | { kind: 'throttled'; until: number }> {
  const throttle = codeThrottle(config, userId);
  const state = (await repo.throttles(tx, [throttle.key])).get(throttle.key) ?? null;
  if (isBlocked(state, now)) return { kind: 'throttled', until: state!.blockedUntil! };
  const mfa = await mfaRepo.findMfa(tx, userId);
  let outcome: CodeOutcome = { kind: 'wrong' };
  if (mfa) {
    const trimmed = code.replace(/\s/g, '');
    const secret = await totpSecret(keyringOf(db, config), tx, userId, mfa.secret, config.TANDEM_MFA_KEY);
    const step = await acceptTotp(secret, trimmed, Math.floor(now / 1000), mfa.last_step);
    if (step !== null && (await mfaRepo.advanceStep(tx, userId, step)))
      outcome = { kind: 'ok', step, recovery: false };
    else if (step === null && allowRecovery && mfa.confirmed_at && !/^\d{6}$/.test(trimmed)) {
      if (await mfaRepo.consumeRecoveryCode(tx, userId, recoveryCodeHash(code)))
        outcome = { kind: 'ok', step: null, recovery: true };
    }
  }
  if (outcome.kind === 'wrong')
    await repo.saveThrottle(tx, throttle.key, afterFailure(state, now, throttle.rule));
  else await repo.clearThrottles(tx, [throttle.key]);
  return outcome;
}

function refuse(outcome: { kind: 'wrong' } | { kind: 'throttled'; until: number }, now: number): never {
  if (outcome.kind === 'throttled') {
    const seconds = Math.max(1, Math.ceil((outcome.until - now) / 1000));
    throw new TooManyRequests(`Too many wrong codes; try again in ${seconds} s`, [
      { path: 'body.code', message: `try again in ${seconds} s` },
    ]);
  }
  throw new Unauthorized('The code is wrong or was already used', [
    { path: 'body.code', message: 'wrong or already used' },
  ]);
}

/**
 * The second step of signing in: a TOTP code or a recovery code for the challenge login() gave.
 * A wrong code is counted (and committed) before the refusal; a right one ends the challenge and
 * opens the session.
 */
export async function verifySignIn(
  db: Kysely<DB>,
  config: MfaConfig,
  challenge: string,
  code: string,
  now = Date.now(),
): Promise<LoginResult> {
  const outcome = await withSystem(db, async (tx) => {
    const found = await challengeOf(tx, challenge, now);
    if (found.purpose !== 'verify')
      throw new Forbidden('Set up two-step sign-in first: this sign-in allows enrolment only');
    const checked = await checkCode(db, tx, config, found.userId, code, now, true);
    if (checked.kind !== 'ok') return checked;
    await mfaRepo.deleteChallenges(tx, found.userId);
    const actor = actorOf(found);
    if (checked.recovery) {
      const left = await mfaRepo.countUnusedRecoveryCodes(tx, found.userId);
      await record(tx, actor, {
        action: 'user.mfa_recovery_code_used',
        objectType: 'user',
        objectId: found.userId,
        vendorId: found.vendorId,
        details: { recovery_codes_left: left },
      });
    }
    return { kind: 'session' as const, session: await startSession(tx, config, actor, now) };
  });
  if (outcome.kind !== 'session') refuse(outcome, now);
  return outcome.session;
}

/** Who is enrolling: a signed-in user, or a sign-in challenge whose password step passed. */
export type Enrollee = { actor: Actor } | { challenge: string };

async function enrolleeOf(tx: Tx, who: Enrollee, now: number) {
  if ('actor' in who) {
    const user = await mfaRepo.findUserForReset(tx, who.actor.userId);
    if (!user) throw new NotFound('User', who.actor.userId);
    return { actor: who.actor, email: user.email, viaChallenge: false };
  }
  const found = await challengeOf(tx, who.challenge, now);
  return { actor: actorOf(found), email: found.email, viaChallenge: true };
}

/**
 * Starts enrolment: a new TOTP secret, stored sealed and not yet active. The secret and its otpauth
 * URI are returned here and never again. Refused while MFA is on (turn it off, or ask for a reset).
 */
export async function enrol(db: Kysely<DB>, config: MfaConfig, who: Enrollee, now = Date.now()) {
  return withSystem(db, async (tx) => {
    const { actor, email } = await enrolleeOf(tx, who, now);
    const existing = await mfaRepo.findMfa(tx, actor.userId);
    if (existing?.confirmed_at)
      throw new Conflict('Two-step sign-in is already on; turn it off before setting up a new authenticator');
    const secret = newTotpSecret();
    const keyring = keyringOf(db, config);
    await keyring.ready(tx);
    const sealed = sealTotpSecret(keyring, actor.userId, secret);
    await mfaRepo.saveEnrolment(tx, actor.userId, actor.organizationId, sealed);
    return { secret, otpauthUri: otpauthUri(secret, 'Tandem', email) };
  });
}

/**
 * Confirms enrolment with a code from the authenticator: MFA is on from here, and ten recovery
 * codes are made (only their hashes are kept; the caller sees them once). Through a challenge, the
 * sign-in then completes with a session: the user has shown the password and a code.
 */
export async function confirm(
  db: Kysely<DB>,
  config: MfaConfig,
  who: Enrollee,
  code: string,
  now = Date.now(),
): Promise<{ recoveryCodes: string[]; session: LoginResult | null }> {
  const outcome = await withSystem(db, async (tx) => {
    const { actor, viaChallenge } = await enrolleeOf(tx, who, now);
    const pending = await mfaRepo.findMfa(tx, actor.userId);
    if (!pending || pending.confirmed_at)
      throw new Invalid('There is no enrolment to confirm; start again', [
        { path: 'body.code', message: 'no pending enrolment' },
      ]);
    const checked = await checkCode(db, tx, config, actor.userId, code, now, false);
    if (checked.kind !== 'ok') return checked;
    await mfaRepo.confirmEnrolment(tx, actor.userId, checked.step!);
    const recoveryCodes = newRecoveryCodes();
    await mfaRepo.replaceRecoveryCodes(tx, actor.userId, recoveryCodes.map(recoveryCodeHash));
    await record(tx, actor, {
      action: 'user.mfa_enrolled',
      objectType: 'user',
      objectId: actor.userId,
      vendorId: actor.vendorId,
      details: { recovery_codes: recoveryCodes.length, during_sign_in: viaChallenge },
    });
    let session: LoginResult | null = null;
    if (viaChallenge) {
      await mfaRepo.deleteChallenges(tx, actor.userId);
      session = await startSession(tx, config, actor, now);
    }
    return { kind: 'confirmed' as const, recoveryCodes, session };
  });
  if (outcome.kind !== 'confirmed') refuse(outcome, now);
  return { recoveryCodes: outcome.recoveryCodes, session: outcome.session };
}

/** Turns the actor's own MFA off; needs a current code (or a recovery code). */
export async function disable(
  db: Kysely<DB>,
  config: MfaConfig,
  actor: Actor,
  code: string,
  now = Date.now(),
) {
  const outcome = await withSystem(db, async (tx) => {
    const mfa = await mfaRepo.findMfa(tx, actor.userId);
    if (!mfa?.confirmed_at) throw new Conflict('Two-step sign-in is not on');
    const checked = await checkCode(db, tx, config, actor.userId, code, now, true);
    if (checked.kind !== 'ok') return checked;
    await mfaRepo.deleteMfa(tx, actor.userId);
    await record(tx, actor, {
      action: 'user.mfa_disabled',
      objectType: 'user',
      objectId: actor.userId,
      vendorId: actor.vendorId,
    });
    return { kind: 'disabled' as const };
  });
  if (outcome.kind !== 'disabled') refuse(outcome, now);
}

/** The actor's own MFA state for the Security page. */
export async function status(db: Kysely<DB>, actor: Actor) {
  return withSystem(db, async (tx) => {
    const mfa = await mfaRepo.findMfa(tx, actor.userId);
    const policy = (await mfaRepo.findPolicy(tx, actor.organizationId)) ?? NO_POLICY;
    return {
      enrolled: mfa?.confirmed_at != null,
      enrolledAt: mfa?.confirmed_at ?? null,
      required: policyCovers(policy, actor),
      recoveryCodesLeft: mfa?.confirmed_at ? await mfaRepo.countUnusedRecoveryCodes(tx, actor.userId) : 0,
    };
  });
}

/**
 * An admin removes a user's MFA (a lost phone): the user signs in with the password alone, or must
 * enrol again if the policy requires it. Needs users:write and a user the admin could manage: the
 * same organization, their own vendor for a vendor admin (else 404, as row-level security would
 * answer), and a role the admin may grant (else 403).
 */
export async function reset(db: Kysely<DB>, actor: Actor, userId: string) {
  if (!roleAllows(actor.role, 'users:write', actor.scopes))
    throw new Forbidden(`Your role (${actor.role}) may not reset another user's two-step sign-in`);
  return withSystem(db, async (tx) => {
    const user = await mfaRepo.findUserForReset(tx, userId);
    const visible =
      user &&
      user.organization_id === actor.organizationId &&
      (actor.vendorId === null || user.vendor_id === actor.vendorId);
    if (!visible) throw new NotFound('User', userId);
    if (userId !== actor.userId && !assignableRoles(actor.role).includes(user.role))
      throw new Forbidden(`Your role (${actor.role}) may not manage a ${user.role}`);
    const wasEnrolled = await mfaRepo.deleteMfa(tx, userId);
    // A reset is asked for a lost phone or a feared takeover: whoever is signed in as the user now
    // signs in again, with the password and a new authenticator.
    const sessionsEnded = await repo.deleteUserSessions(tx, userId);
    await record(tx, actor, {
      action: 'user.mfa_reset',
      objectType: 'user',
      objectId: userId,
      vendorId: user.vendor_id,
      details: { was_enrolled: wasEnrolled, sessions_ended: sessionsEnded },
    });
    return { userId, wasEnrolled };
  });
}

export type PolicyInput = 'none' | 'all' | { brand_staff: boolean; vendor_ids: string[] };

function policyView(policy: MfaPolicy): { required_for: PolicyInput } {
  if (policy.mode !== 'selected') return { required_for: policy.mode };
  return { required_for: { brand_staff: policy.brandStaff, vendor_ids: policy.vendorIds } };
}

export async function getPolicy(db: Kysely<DB>, actor: Actor) {
  return withSystem(db, async (tx) =>
    policyView((await mfaRepo.findPolicy(tx, actor.organizationId)) ?? NO_POLICY),
  );
}

/** The brand admin sets who must use MFA; from their next sign-in, those users must enrol. */
export async function setPolicy(db: Kysely<DB>, actor: Actor, input: PolicyInput) {
  return withSystem(db, async (tx) => {
    const policy: MfaPolicy =
      typeof input === 'string'
        ? { mode: input, brandStaff: false, vendorIds: [] }
        : { mode: 'selected', brandStaff: input.brand_staff, vendorIds: [...new Set(input.vendor_ids)] };
    const known = await mfaRepo.vendorsOf(tx, actor.organizationId, policy.vendorIds);
    const unknown = policy.vendorIds.filter((id) => !known.includes(id));
    if (unknown.length)
      throw new Invalid(`Unknown vendors: ${unknown.join(', ')}`, [
        { path: 'body.required_for.vendor_ids', message: `unknown: ${unknown.join(', ')}` },
      ]);
    const before = policyView((await mfaRepo.findPolicy(tx, actor.organizationId)) ?? NO_POLICY);
    await mfaRepo.savePolicy(tx, actor.organizationId, policy);
    const after = policyView(policy);
    await record(tx, actor, {
      action: 'mfa_policy.changed',
      objectType: 'mfa_policy',
      objectId: actor.organizationId,
      details: { before: before.required_for, after: after.required_for },
    });
    return after;
  });
}
