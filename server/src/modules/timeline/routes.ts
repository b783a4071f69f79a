import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { withActor } from '../../platform/db/transaction.js';
import { ticketParams, timelinePage, timelineQuery } from './schemas.js';
import { timeline } from './service.js';

export const timelineRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  app.get(
    '/tickets/:id/timeline',
    {
      schema: {
        tags: ['tickets'],
        summary:
          'A ticket’s messages, phone calls and history in one list, oldest first (kind: message, call or event)',
        params: ticketParams,
        querystring: timelineQuery,
        response: { 200: timelinePage },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'tickets:read');
      const { limit, cursor } = request.query;
      return withActor(ctx.database.db, actor, (tx) => timeline(tx, request.params.id, limit, cursor));
    },
  );
};
