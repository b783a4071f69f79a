import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { withActor } from '../../platform/db/transaction.js';
import { conversationMasking } from '../tickets/index.js';
import { maskedItem } from './masking.js';
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
      return withActor(ctx.database.db, actor, async (tx) => {
        const page = await timeline(tx, request.params.id, limit, cursor);
        const { masking, customerId, known } = await conversationMasking(tx, actor, request.params.id);
        return { ...page, items: page.items.map((item) => maskedItem(masking, customerId, known, item)) };
      });
    },
  );
};
