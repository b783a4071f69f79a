import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { withActor } from '../../platform/db/transaction.js';
import {
  claimCreate,
  claimCreated,
  reconciliationComment,
  reconciliationDecision,
  reconciliationView,
} from './reconciliation.schemas.js';
import * as reconciliation from './reconciliation.service.js';
import { idParams } from './schemas.js';

/**
 * Reconciliation of the vendor's own invoice against Tandem's (docs/billing.md, "Reconciliation").
 * Another vendor's invoice id is not found (404) on every route: row-level security hides it.
 */
export const reconciliationRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const { db } = ctx.database;
  const tags = ['billing'];

  // A CSV body is the claim's CSV, as if sent as {"csv": "..."}; only this plugin reads text/csv.
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => {
    done(null, { csv: body as string });
  });

  app.post(
    '/billing/invoices/:id/claims',
    {
      schema: {
        tags,
        summary:
          'Submit the vendor’s own invoice for this invoice (a new claim version); the invoice’s vendor admins',
        description:
          'JSON `{lines}` or `{csv}`, or a `text/csv` body in the columns of the invoice CSV export. A bad row is ' +
          '422 problem+json naming it (`body.csv.4.amount_minor`: row 4, column amount_minor) and nothing is stored.',
        params: idParams,
        body: claimCreate,
        response: { 201: claimCreated },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'billing:read');
      const claim = await withActor(db, actor, (tx) =>
        reconciliation.submitClaim(tx, actor, request.params.id, request.body),
      );
      return reply.code(201).send(claim);
    },
  );
  app.get(
    '/billing/invoices/:id/reconciliation',
    {
      schema: {
        tags,
        summary: 'The vendor’s latest claim matched line by line against the invoice, and the history',
        params: idParams,
        response: { 200: reconciliationView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'billing:read');
      return withActor(db, actor, (tx) => reconciliation.getReconciliation(tx, request.params.id));
    },
  );
  app.post(
    '/billing/invoices/:id/reconciliation/comments',
    {
      schema: {
        tags,
        summary:
          'Comment on the reconciliation (the brand’s billing managers and the invoice’s vendor admins)',
        params: idParams,
        body: reconciliationComment,
        response: { 201: reconciliationView },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'billing:read');
      const view = await withActor(db, actor, (tx) =>
        reconciliation.comment(tx, actor, request.params.id, request.body),
      );
      return reply.code(201).send(view);
    },
  );
  for (const kind of ['accept', 'dispute'] as const)
    app.post(
      `/billing/invoices/:id/reconciliation/${kind}`,
      {
        schema: {
          tags,
          summary:
            kind === 'accept'
              ? 'Accept the vendor’s latest claim version, with a comment (brand billing managers)'
              : 'Dispute the vendor’s latest claim version, with a comment (brand billing managers)',
          params: idParams,
          body: reconciliationDecision,
          response: { 200: reconciliationView },
        },
      },
      async (request) => {
        const actor = requireActor(request, 'billing:manage');
        return withActor(db, actor, (tx) =>
          reconciliation.decide(tx, actor, request.params.id, kind, request.body),
        );
      },
    );
};
