import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { withActor } from '../../platform/db/transaction.js';
import * as offboarding from './service.js';

const idParams = z.object({ id: z.string().uuid() });

const offboardBody = z.object({
  confirm: z.string().max(200).describe('The vendor’s name, typed back, to confirm'),
});

const offboardResult = z.object({
  vendorId: z.string().uuid(),
  usersDeactivated: z.number().int(),
  apiTokensRevoked: z.number().int(),
  scimTokensRevoked: z.number().int(),
  ticketsRequeued: z.number().int(),
});

export const offboardingRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const { db } = ctx.database;
  const tags = ['vendors'];

  app.post(
    '/vendors/:id/offboard',
    {
      schema: {
        tags,
        summary:
          'Offboard a vendor in one action: status offboarded, every user deactivated, SCIM tokens revoked, unsolved tickets back to routing (brand admin)',
        params: idParams,
        body: offboardBody,
        response: { 200: offboardResult },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'vendors:write');
      return withActor(db, actor, (tx) =>
        offboarding.offboardVendor(tx, actor, request.params.id, request.body.confirm),
      );
    },
  );

  app.get(
    '/vendors/:id/export',
    {
      schema: {
        tags,
        summary:
          'The vendor’s data for the brand as one JSON document: vendor, sites, teams, users (no secrets), tickets handled with messages, QA reviews, contracts, invoices (brand admin; audited)',
        params: idParams,
        response: { 200: z.record(z.string(), z.unknown()) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'vendors:write');
      const document = await withActor(db, actor, (tx) =>
        offboarding.exportVendor(tx, actor, request.params.id, request),
      );
      reply.header('content-disposition', `attachment; filename="vendor-${request.params.id}.json"`);
      return document;
    },
  );
};
