import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../../platform/auth/context.js';
import type { AppContext } from '../../../platform/context.js';
import { withActor } from '../../../platform/db/transaction.js';
import { Forbidden } from '../../../platform/errors.js';
import { pageOf } from '../../../platform/http/pagination.js';
import { capturedMail, capturedMailQuery, capturedMailSummary, idParams } from './schemas.js';
import * as email from './service.js';

/** The development mail capture: what would have gone to the relay when TANDEM_SMTP_RELAY_URL is unset. */
export const emailRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const { db } = ctx.database;
  const tags = ['email'];
  const brandAdmin = (request: Parameters<typeof requireActor>[0]) => {
    const actor = requireActor(request, 'channels:manage');
    if (actor.vendorId) throw new Forbidden('The mail capture is for brand admins');
    return actor;
  };

  app.get(
    '/dev/mail',
    {
      schema: {
        tags,
        summary: 'Mail captured instead of sent (no relay configured), newest first',
        querystring: capturedMailQuery,
        response: { 200: pageOf(capturedMailSummary) },
      },
    },
    async (request) => {
      const actor = brandAdmin(request);
      return withActor(db, actor, (tx) => email.listCapturedMail(tx, request.query));
    },
  );
  app.get(
    '/dev/mail/:id',
    {
      schema: {
        tags,
        summary: 'One captured mail with its full source',
        params: idParams,
        response: { 200: capturedMail },
      },
    },
    async (request) => {
      const actor = brandAdmin(request);
      return withActor(db, actor, (tx) => email.getCapturedMail(tx, request.params.id));
    },
  );
};
