import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

export const CSRF_COOKIE = 'tandem_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The double-submit token: the server set it as a readable cookie at sign-in. */
export function csrfToken(cookieHeader: string = document.cookie): string | null {
  for (const part of cookieHeader.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === CSRF_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return null;
}

/** Cookie-authenticated writes echo the CSRF cookie in a header (server: modules/auth/authenticate.ts). */
export const csrfMiddleware: Middleware = {
  onRequest({ request }) {
    if (SAFE_METHODS.has(request.method)) return undefined;
    const token = csrfToken();
    if (token) request.headers.set(CSRF_HEADER, token);
    return request;
  },
};

/** Typed client for the Tandem REST API; paths and bodies come from server/openapi.json. */
export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'include' });
api.use(csrfMiddleware);
