import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { withActor } from '../../platform/db/transaction.js';
import { organizationView } from './schemas.js';
import { getOrganization } from './service.js';

export const organizationRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const { db } = ctx.database;
  app.get(
    '/organization',
    {
      schema: {
        tags: ['organization'],
        summary: 'The brand (organization) I belong to',
        response: { 200: organizationView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'organization:read');
      return withActor(db, actor, (tx) => getOrganization(tx, actor.organizationId));
    },
  );
};
