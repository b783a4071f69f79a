export { registerAuthentication, SESSION_COOKIE, CSRF_COOKIE, CSRF_HEADER } from './authenticate.js';
export { hashPassword, newSecret, secretHash } from './credentials.js';
export { authRoutes } from './routes.js';
export { createToken } from './service.js';
