import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { withActor } from '../../platform/db/transaction.js';
import { pageOf } from '../../platform/http/pagination.js';
import {
  maskingPolicyPut,
  maskingPolicyView,
  maskingStatus,
  revealCreate,
  revealListQuery,
  revealView,
  sealedFieldsPut,
  sealedFieldsView,
} from './schemas.js';
import * as sealedFields from './sealed-fields.js';
import * as privacy from './service.js';

/** PII masking for outsourced roles and its audited reveal. docs/privacy.md#masking. */
export const privacyRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const { db } = ctx.database;
  const tags = ['privacy'];

  app.get(
    '/privacy/masking-policy',
    {
      schema: {
        tags,
        summary: 'Which vendor roles see customer data masked, who may reveal, for how long',
        response: { 200: maskingPolicyView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'organization:read');
      return withActor(db, actor, (tx) => privacy.getPolicy(tx, actor));
    },
  );
  app.put(
    '/privacy/masking-policy',
    {
      schema: {
        tags,
        summary:
          'Set which vendor roles see customer data masked (outsourced vendors only) and who may reveal',
        body: maskingPolicyPut,
        response: { 200: maskingPolicyView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'security:manage');
      return withActor(db, actor, (tx) => privacy.setPolicy(tx, actor, request.body));
    },
  );
  app.get(
    '/privacy/masking',
    {
      schema: {
        tags,
        summary: 'Whether you see customer data masked, whether you may reveal, what you revealed',
        response: { 200: maskingStatus },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return withActor(db, actor, (tx) => privacy.status(tx, actor));
    },
  );
  app.post(
    '/privacy/reveals',
    {
      schema: {
        tags,
        summary: 'Reveal one customer’s masked data for a while, giving a reason (audited)',
        body: revealCreate,
        response: { 201: revealView },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'customers:read');
      const row = await withActor(db, actor, (tx) => privacy.reveal(tx, actor, request.body));
      return reply.code(201).send(row);
    },
  );
  app.get(
    '/privacy/reveals',
    {
      schema: {
        tags,
        summary:
          'Reveals, newest first: yours; a vendor admin its vendor’s; auditors and security admins all',
        querystring: revealListQuery,
        response: { 200: pageOf(revealView) },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'customers:read');
      return withActor(db, actor, (tx) => privacy.listReveals(tx, actor, request.query));
    },
  );
  app.get(
    '/privacy/sealed-custom-fields',
    {
      schema: {
        tags,
        summary: 'Which custom fields of tickets are sealed at rest (encrypted under the envelope keys)',
        response: { 200: sealedFieldsView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'organization:read');
      return withActor(db, actor, (tx) => sealedFields.getSealedFields(tx, actor));
    },
  );
  app.put(
    '/privacy/sealed-custom-fields',
    {
      schema: {
        tags,
        summary:
          'Set which custom fields are sealed at rest (refused for a field a routing rule matches on; audited)',
        body: sealedFieldsPut,
        response: { 200: sealedFieldsView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'security:manage');
      return withActor(db, actor, (tx) => sealedFields.setSealedFields(tx, actor, request.body));
    },
  );
};
