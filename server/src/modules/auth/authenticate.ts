import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { sendProblem } from '../../platform/http/problem.js';
import { ActorCache, registerActorCache } from './actor-cache.js';
import { csrfTokenFor } from './credentials.js';
import { actorFromSession, actorFromToken } from './service.js';

export const SESSION_COOKIE = 'tandem_session';
export const CSRF_COOKIE = 'tandem_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Resolves request.actor from `Authorization: Bearer <token>` or the session cookie. A bad bearer
 * token is a 401 at once (never a silent fall-back to the cookie). Cookie-authenticated writes must
 * send the session's CSRF token in X-CSRF-Token; it is derived from the session token (see
 * csrfTokenFor), so it is checked against the session itself, not against the CSRF cookie, which
 * only carries it to the page and which a sibling subdomain could overwrite.
 */
export function registerAuthentication(app: FastifyInstance, ctx: AppContext) {
  const tokens = new ActorCache(ctx.config.TANDEM_TOKEN_CACHE_SECONDS * 1000);
  const unregister = registerActorCache(tokens);
  // A token revoked or a user changed in another process: forget them here too.
  const unsubscribe = ctx.bus.subscribe((event) => {
    if (event.type === 'token.revoked' && typeof event.payload?.userId === 'string')
      tokens.forgetUser(event.payload.userId);
    else if (event.type === 'token.revoked' || event.type === 'organization.updated') tokens.clear();
    else if (event.type.startsWith('user.')) tokens.forgetUser(event.subject_id);
  });
  app.addHook('onClose', async () => {
    unsubscribe();
    unregister();
  });
  app.decorateRequest('actor', null);
  app.decorateRequest('authMethod', null);
  app.addHook('onRequest', async (request, reply) => {
    // SCIM routes authenticate with vendor SCIM tokens only, in their own plugin (modules/scim). The
    // matched route decides, not the raw URL, so no crafted path skips this hook for another route.
    if (request.routeOptions.url?.startsWith('/scim/')) return;
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      const actor = match ? await actorFromToken(ctx.database.db, match[1]!, tokens) : null;
      if (!actor)
        return sendProblem(
          request,
          reply,
          401,
          'unauthorized',
          'The API token is unknown, expired or revoked',
        );
      request.actor = actor;
      request.authMethod = 'token';
      return;
    }
    const session = request.cookies[SESSION_COOKIE];
    if (!session) return;
    const actor = await actorFromSession(ctx.database.db, session);
    if (!actor) return; // expired or logged out: the route decides whether it needs an actor
    if (!SAFE_METHODS.has(request.method)) {
      const header = request.headers[CSRF_HEADER];
      if (typeof header !== 'string' || !sameSecret(header, csrfTokenFor(session))) {
        return sendProblem(
          request,
          reply,
          403,
          'csrf',
          `Cookie-authenticated writes need the ${CSRF_HEADER} header`,
        );
      }
    }
    request.actor = actor;
    request.authMethod = 'session';
  });
}
