import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../platform/context.js';

/**
 * The chat widget as brands embed it: GET /widget.js (built from the widget/ workspace, at first use
 * if `npm start`/`npm test` did not build it already) and a demo page that embeds it.
 */

const WIDGET_DIR = fileURLToPath(new URL('../../../../../widget/', import.meta.url));
const BUNDLE = `${WIDGET_DIR}dist/widget.js`;

let building: Promise<void> | undefined;

async function ensureBuilt() {
  const exists = await stat(BUNDLE).then(
    () => true,
    () => false,
  );
  if (exists) return;
  building ??= promisify(execFile)(process.execPath, [`${WIDGET_DIR}build.mjs`], { cwd: WIDGET_DIR }).then(
    () => undefined,
  );
  await building;
}

const escapeAttribute = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export const widgetRoutes: FastifyPluginAsyncZod<AppContext> = async (app) => {
  app.get('/widget.js', { schema: { hide: true } }, async (_request, reply) => {
    await ensureBuilt();
    reply
      .type('application/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      // Brands load it from their own pages.
      .header('cross-origin-resource-policy', 'cross-origin');
    return readFile(BUNDLE, 'utf8');
  });

  app.get(
    '/widget/demo',
    {
      schema: {
        hide: true,
        querystring: z.object({
          org: z
            .string()
            .regex(/^[a-z0-9-]{1,100}$/)
            .default('nordlys-demo'),
        }),
      },
    },
    async (request, reply) => {
      const org = escapeAttribute(request.query.org);
      reply
        .type('text/html; charset=utf-8')
        .header(
          'content-security-policy',
          "default-src 'self'; connect-src 'self' ws: wss:; style-src 'self' 'unsafe-inline'",
        );
      return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tandem chat widget demo</title></head>
<body>
<main><h1>A brand's web page</h1><p>The chat launcher sits in the bottom right corner.</p></main>
<script src="/widget.js" data-tandem-org="${org}" async></script>
</body>
</html>`;
    },
  );
};
