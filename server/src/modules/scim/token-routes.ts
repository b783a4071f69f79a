import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { ROLES } from '../../platform/db/schema.js';
import { withActor } from '../../platform/db/transaction.js';
import * as scim from './service.js';

const vendorParams = z.object({ id: z.string().uuid() });
const tokenView = z.object({
  id: z.string().uuid(),
  vendor_id: z.string().uuid(),
  name: z.string(),
  default_role: z.enum(ROLES),
  revoked_at: z.string().nullable(),
  last_used_at: z.string().nullable(),
  created_at: z.string(),
});
const tokenCreate = z.object({
  name: z.string().trim().min(1).max(200),
  default_role: z
    .enum(['vendor_admin', 'team_lead', 'agent', 'qa_reviewer'])
    .default('agent')
    .describe('The role of a user the identity provider creates without a Tandem role in `roles`.'),
});

/** Vendor SCIM tokens under /api/v1: issued by a brand admin or that vendor's admin; shown once. */
export const scimTokenRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const { db } = ctx.database;
  const tags = ['scim'];
  app.post(
    '/vendors/:id/scim-tokens',
    {
      schema: {
        tags,
        summary: 'Issue a SCIM token for the vendor’s identity provider (the secret is shown once)',
        params: vendorParams,
        body: tokenCreate,
        response: { 201: tokenView.extend({ token: z.string() }) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'users:write');
      const row = await withActor(db, actor, (tx) =>
        scim.issueToken(tx, actor, request.params.id, request.body),
      );
      return reply.code(201).send(row);
    },
  );
  app.get(
    '/vendors/:id/scim-tokens',
    {
      schema: {
        tags,
        summary: 'The vendor’s SCIM tokens',
        params: vendorParams,
        response: { 200: z.array(tokenView) },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'users:write');
      return withActor(db, actor, (tx) => scim.listTokens(tx, actor, request.params.id));
    },
  );
  app.delete(
    '/scim-tokens/:id',
    {
      schema: {
        tags,
        summary: 'Revoke a SCIM token at once',
        params: vendorParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'users:write');
      await withActor(db, actor, (tx) => scim.revokeToken(tx, actor, request.params.id));
      return reply.code(204).send(null);
    },
  );
};
