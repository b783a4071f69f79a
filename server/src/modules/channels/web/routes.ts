import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../platform/context.js';
import { keyringOf } from '../../../platform/crypto/keyring.js';
import { TooManyRequests } from '../../../platform/errors.js';
import { webFormReceipt, webFormSubmission } from './schemas.js';
import { decoyReceipt, submitWebForm } from './service.js';

export const webFormRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const max = ctx.config.TANDEM_WEB_FORM_MAX_PER_HOUR;
  // Per client IP, counted in this process (a second process counts separately); the per-email limit
  // in the service is counted in PostgreSQL.
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new TooManyRequests(
        `Too many submissions from your address (at most ${context.max} an hour); try again in ${context.after}`,
      ),
  });
  app.post(
    '/public/tickets',
    {
      config: { rateLimit: { max, timeWindow: '1 hour', keyGenerator: (request) => request.ip } },
      schema: {
        tags: ['channels'],
        summary: 'Public web form: a customer opens a ticket (no sign-in; rate-limited per IP and per email)',
        security: [],
        body: webFormSubmission,
        response: { 202: webFormReceipt },
      },
    },
    async (request, reply) => {
      reply.code(202);
      if (request.body.website) {
        request.log.info({ ip: request.ip }, 'web form honeypot filled: submission dropped');
        return decoyReceipt();
      }
      return submitWebForm(
        ctx.database,
        request.body,
        ctx.config.TANDEM_WEB_FORM_MAX_PER_EMAIL_PER_HOUR,
        () => keyringOf(ctx.database.db, ctx.config),
      );
    },
  );
};
