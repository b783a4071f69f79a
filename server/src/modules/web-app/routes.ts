import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { sendProblem } from '../../platform/http/problem.js';

/**
 * The browser console (web/ workspace, built by `npm run build -w web` into web/dist): hashed assets
 * with immutable caching, and index.html for every other GET that is not the API or the widget, so a
 * deep link such as /tickets/123 loads the app and its router takes over.
 */

export const WEB_DIST = fileURLToPath(new URL('../../../../web/dist/', import.meta.url));

/**
 * The app runs without inline script. Mantine sets styles at runtime (style attributes and a <style>
 * element for its CSS variables), hence 'unsafe-inline' for styles only. Customer HTML is shown in a
 * sandboxed srcdoc iframe, which inherits this policy: its remote images and scripts do not load.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Paths that belong to the server: an unknown one is a problem+json 404, never the app. */
const SERVER_PATHS = /^\/(api|widget)(\/|$|\.)/;
const ASSET = /^\/assets\/[\w.-]+$/;

const exists = (path: string) =>
  stat(path).then(
    (s) => s.isFile(),
    () => false,
  );

function securityHeaders(reply: FastifyReply) {
  reply
    .header('content-security-policy', CONTENT_SECURITY_POLICY)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'same-origin')
    .header('x-frame-options', 'DENY');
}

export const webAppRoutes: FastifyPluginAsync<AppContext> = async (app) => {
  // Only reply.sendFile: the routes below decide what is a file, what is the app, what is a 404.
  await app.register(fastifyStatic, { root: WEB_DIST, serve: false });

  const sendApp = async (reply: FastifyReply) => {
    securityHeaders(reply);
    if (!(await exists(`${WEB_DIST}index.html`))) {
      return reply
        .code(503)
        .type('text/html; charset=utf-8')
        .send(
          '<!doctype html><html lang="en"><title>Tandem</title><main><h1>The console is not built</h1>' +
            '<p>Run <code>npm run build -w web</code> (or <code>npm start</code>, which builds it).</p></main></html>',
        );
    }
    // The page itself is never cached, so a new release is picked up at the next load.
    return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
  };

  app.get('/', { schema: { hide: true } }, async (_request, reply) => sendApp(reply));

  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    const path = request.url.split('?')[0]!;
    if (SERVER_PATHS.test(path))
      return sendProblem(request, reply, 404, 'route_not_found', `No route ${request.method} ${path}`);
    if (ASSET.test(path)) {
      if (!(await exists(`${WEB_DIST}${path.slice(1)}`)))
        return sendProblem(request, reply, 404, 'not_found', 'No such asset');
      securityHeaders(reply);
      // File names carry a content hash: a changed file is a new URL.
      return reply
        .header('cache-control', 'public, max-age=31536000, immutable')
        .sendFile(path.slice(1), { cacheControl: false });
    }
    const file = path.slice(1);
    if (/^[\w.-]+\.(ico|png|svg|txt|webmanifest)$/.test(file) && (await exists(`${WEB_DIST}${file}`))) {
      securityHeaders(reply);
      return reply.header('cache-control', 'public, max-age=3600').sendFile(file, { cacheControl: false });
    }
    return sendApp(reply);
  });
};
