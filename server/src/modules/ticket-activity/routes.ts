import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { withActor } from '../../platform/db/transaction.js';
import { activityBody, activityList, ticketParams } from './schemas.js';
import { currentActivity, recordActivity } from './service.js';

/** Collision signals over REST: say you are viewing or typing on a ticket, and see who else is. */
export const ticketActivityRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const { db } = ctx.database;
  const tags = ['tickets'];

  app.post(
    '/tickets/:id/activity',
    {
      schema: {
        tags,
        summary:
          'Say you are viewing, typing on, or have left a ticket; others who may see it get a realtime signal',
        params: ticketParams,
        body: activityBody,
        response: { 200: activityList },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'tickets:read');
      const { items, signal } = await withActor(db, actor, (tx) =>
        recordActivity(tx, actor, request.params.id, request.body.state),
      );
      // After commit: a signal is never sent for a state that was not stored.
      await ctx.bus.publishEphemeral(signal);
      return { items };
    },
  );
  app.get(
    '/tickets/:id/activity',
    {
      schema: {
        tags,
        summary: 'Who is viewing or typing on the ticket right now',
        params: ticketParams,
        response: { 200: activityList },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'tickets:read');
      return withActor(db, actor, (tx) => currentActivity(tx, request.params.id));
    },
  );
};
