import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { withActor } from '../../platform/db/transaction.js';
import { emailRoutes } from './email/index.js';
import { retryDelivery } from './retry.js';
import { socialRoutes } from './social/index.js';

const deliveryState = z.object({
  id: z.string().uuid(),
  ticket_id: z.string().uuid(),
  channel: z.string().nullable(),
  delivery_status: z.enum(['pending', 'sent', 'failed']).nullable(),
  delivery_error: z.string().nullable(),
  delivered_at: z.string().nullable(),
});

/** Every channel's routes, and what they share: retrying a reply that failed to go out. */
export const channelRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  await app.register(emailRoutes, ctx);
  await app.register(socialRoutes, ctx);
  app.post(
    '/messages/:id/retry-delivery',
    {
      schema: {
        tags: ['channels'],
        summary: 'Send a failed reply again through its channel (email or social bridge)',
        params: z.object({ id: z.string().uuid() }),
        response: { 202: deliveryState },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'tickets:write');
      const result = await withActor(ctx.database.db, actor, (tx) => retryDelivery(tx, request.params.id));
      return reply.code(202).send(result);
    },
  );
};
