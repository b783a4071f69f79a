import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { withActor } from '../../platform/db/transaction.js';
import { heartbeats, heartbeatsResult } from './schemas.js';
import { recordHeartbeats } from './service.js';

export const activityRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const { db } = ctx.database;
  app.post(
    '/activity/heartbeats',
    {
      schema: {
        tags: ['analytics'],
        summary: 'The console reports what the signed-in agent is doing on which ticket (handle time)',
        description:
          'Send a heartbeat every 15–30 s per ticket the agent has focused, is composing on, or is on a call for. ' +
          'Beats are folded into spans; a gap longer than TANDEM_ACTIVITY_IDLE_SECONDS ends a span, so idle time never counts. ' +
          'Handle time per ticket is derived server-side, splitting time spent on concurrent tickets equally.',
        body: heartbeats,
        response: { 200: heartbeatsResult },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'tickets:write');
      return withActor(db, actor, (tx) =>
        recordHeartbeats(tx, actor, request.body, ctx.config.TANDEM_ACTIVITY_IDLE_SECONDS),
      );
    },
  );
};
