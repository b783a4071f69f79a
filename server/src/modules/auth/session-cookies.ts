import type { FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../../platform/config.js';
import type { DB } from '../../platform/db/schema.js';
import { CSRF_COOKIE, SESSION_COOKIE } from './authenticate.js';
import { secretHash } from './credentials.js';
import { recordSessionDevice } from './repository.js';
import type { LoginResult } from './sessions.js';

/**
 * Sets the HTTP-only session cookie and the readable CSRF cookie of a new session, and notes the
 * device it was opened from (User-Agent and client address) so the person can recognise it in their
 * list of sessions. Every way of signing in (password, MFA, SSO) ends here, so no path forgets it.
 */
export async function setSessionCookies(
  reply: FastifyReply,
  config: Pick<Config, 'TANDEM_COOKIE_SECURE' | 'publicUrl'>,
  session: LoginResult,
  db: Kysely<DB>,
) {
  const secure =
    config.TANDEM_COOKIE_SECURE === 'auto'
      ? config.publicUrl.startsWith('https:')
      : config.TANDEM_COOKIE_SECURE === 'true';
  const cookie = { path: '/', sameSite: 'strict' as const, secure, expires: session.expiresAt };
  reply.setCookie(SESSION_COOKIE, session.sessionToken, { ...cookie, httpOnly: true });
  reply.setCookie(CSRF_COOKIE, session.csrfToken, { ...cookie, httpOnly: false });
  const ua = reply.request.headers['user-agent'];
  await recordSessionDevice(db, secretHash(session.sessionToken), {
    userAgent: typeof ua === 'string' ? ua.slice(0, 512) : null,
    ip: reply.request.ip.slice(0, 64),
  });
}
