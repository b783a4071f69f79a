import type { FastifyReply } from 'fastify';
import type { Config } from '../../platform/config.js';
import { CSRF_COOKIE, SESSION_COOKIE } from './authenticate.js';
import type { LoginResult } from './sessions.js';

/** Sets the HTTP-only session cookie and the readable CSRF cookie of a new session. */
export function setSessionCookies(
  reply: FastifyReply,
  config: Pick<Config, 'TANDEM_COOKIE_SECURE' | 'publicUrl'>,
  session: LoginResult,
) {
  const secure =
    config.TANDEM_COOKIE_SECURE === 'auto'
      ? config.publicUrl.startsWith('https:')
      : config.TANDEM_COOKIE_SECURE === 'true';
  const cookie = { path: '/', sameSite: 'strict' as const, secure, expires: session.expiresAt };
  reply.setCookie(SESSION_COOKIE, session.sessionToken, { ...cookie, httpOnly: true });
  reply.setCookie(CSRF_COOKIE, session.csrfToken, { ...cookie, httpOnly: false });
}
