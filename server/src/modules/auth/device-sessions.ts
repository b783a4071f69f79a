import UAParser from 'ua-parser-js';
import { type Actor, asOwner, type Tx } from '../../platform/db/transaction.js';
import { NotFound } from '../../platform/errors.js';
import { record } from '../audit/index.js';
import { secretHash } from './credentials.js';
import * as repo from './repository.js';

/**
 * The sessions a person (or an admin who manages them) sees and ends: each named by a non-secret id,
 * with what a person recognises — when it started, when it was last used, the browser and OS, the
 * address. The session's token and its hash never leave the server. Sessions are owner-only rows
 * (no RLS policy), so these read and write them as the owner, always for one user the caller has
 * already been allowed to manage.
 */

export interface SessionView {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  device: string;
  browser: string | null;
  os: string | null;
  ip: string | null;
  current: boolean;
}

/** "Firefox 128 on Ubuntu", from a User-Agent; "Unknown device" when there is none to read. */
export function describeUserAgent(userAgent: string | null): Pick<SessionView, 'device' | 'browser' | 'os'> {
  if (!userAgent) return { device: 'Unknown device', browser: null, os: null };
  const ua = new UAParser(userAgent).getResult();
  const browser = ua.browser.name ? [ua.browser.name, ua.browser.major].filter(Boolean).join(' ') : null;
  // Only a numbered version (Windows 10, Android 14): Linux reports its architecture there.
  const osVersion = /^\d/.test(ua.os.version ?? '') ? ua.os.version : undefined;
  const os = ua.os.name ? [ua.os.name, osVersion].filter(Boolean).join(' ') : null;
  const device =
    browser && os
      ? `${browser} on ${os}`
      : (browser ?? os ?? (userAgent.slice(0, 60).trim() || 'Unknown device'));
  return { device, browser, os };
}

export async function listSessions(tx: Tx, userId: string, currentToken?: string): Promise<SessionView[]> {
  const current = currentToken ? secretHash(currentToken) : null;
  const rows = await asOwner(tx, () => repo.listUserSessions(tx, userId));
  return rows.map((r) => ({
    id: r.id,
    createdAt: new Date(r.created_at).toISOString(),
    lastSeenAt: new Date(r.last_seen_at).toISOString(),
    expiresAt: new Date(r.expires_at).toISOString(),
    ...describeUserAgent(r.user_agent),
    ip: r.ip,
    current: r.token_hash === current,
  }));
}

/** Ends one of the actor's own sessions (another device, or this one). 404 for anyone else's. */
export async function endOwnSession(tx: Tx, actor: Actor, sessionId: string) {
  const ended = await asOwner(tx, () => repo.deleteSessionById(tx, actor.userId, sessionId));
  if (!ended) throw new NotFound('Session', sessionId);
  await record(tx, actor, {
    action: 'session.revoked',
    objectType: 'user',
    objectId: actor.userId,
    vendorId: actor.vendorId,
    details: { session_id: sessionId },
  });
}

/**
 * Ends every session of a user the caller has been allowed to manage (the users module checks that);
 * returns how many. API tokens are not touched: they are revoked on their own or by deactivating.
 */
/**
 * Ends every session of a user without an audit entry of its own: for callers whose own change is
 * audited (deactivating a user). Sessions are owner-only, so this one step runs as the owner.
 */
export function deleteSessionsOf(tx: Tx, userId: string) {
  return asOwner(tx, () => repo.deleteUserSessions(tx, userId));
}

export async function endAllSessions(
  tx: Tx,
  actor: Actor,
  user: { id: string; email: string; vendorId: string | null },
) {
  const ended = await asOwner(tx, () => repo.deleteUserSessions(tx, user.id));
  await record(tx, actor, {
    action: 'user.sessions_revoked',
    objectType: 'user',
    objectId: user.id,
    vendorId: user.vendorId,
    details: { email: user.email, sessions_ended: ended },
  });
  return ended;
}
