import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../../platform/auth/context.js';
import type { AppContext } from '../../../platform/context.js';
import { withActor } from '../../../platform/db/transaction.js';
import { SOCIAL_DOC, socialInbound, socialInboundResult } from './schemas.js';
import { receiveSocialMessage } from './service.js';

export const socialRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const { db } = ctx.database;
  app.post(
    '/channels/social/inbound',
    {
      schema: {
        tags: ['channels'],
        summary: 'A customer message from a social bridge (creates or continues the thread’s ticket)',
        description: SOCIAL_DOC,
        body: socialInbound,
        response: { 200: socialInboundResult, 201: socialInboundResult },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'channels:ingest');
      const result = await withActor(db, actor, (tx) => receiveSocialMessage(tx, actor, request.body));
      return reply.code(result.duplicate ? 200 : 201).send(result);
    },
  );
};
