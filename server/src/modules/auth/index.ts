export { forgetCachedUser } from './actor-cache.js';
export { CSRF_COOKIE, CSRF_HEADER, registerAuthentication, SESSION_COOKIE } from './authenticate.js';
export { hashPassword, newSecret, secretHash } from './credentials.js';
export {
  deleteSessionsOf,
  describeUserAgent,
  endAllSessions,
  listSessions,
  type SessionView,
} from './device-sessions.js';
export { resealMfaSecrets } from './mfa-secrets.js';
export { authRoutes } from './routes.js';
export { actorFromSession, actorFromToken, createToken, revokeTokensOfUser } from './service.js';
