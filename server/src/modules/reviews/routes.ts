import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { withActor } from '../../platform/db/transaction.js';
import { recordExport } from '../audit/index.js';
import { renderPack } from './layout.js';
import { commentBody, commentView, reviewParams, reviewQuery } from './schemas.js';
import { gatherPack, getComment, packFilename, putComment } from './service.js';

export const businessReviewRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const { db } = ctx.database;
  const tags = ['business reviews'];

  app.get(
    '/vendors/:id/business-reviews/:month.pdf',
    {
      schema: {
        tags,
        summary: 'The monthly business review pack of a vendor as a PDF',
        description:
          'Scorecard, weekly trend, contract service levels and their misses, top contact reasons and the brand’s comments, ' +
          'with the same numbers as /analytics/kpis, /analytics/kpis/trend and /service-levels/attainment for the month. ' +
          'A vendor user gets its own vendor’s pack only (another vendor’s id reads as not found).',
        params: reviewParams,
        querystring: reviewQuery,
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'analytics:read');
      const { id, month } = request.params;
      const pack = await withActor(db, actor, async (tx) => {
        const result = await gatherPack(tx, actor, { vendorId: id, month, tz: request.query.tz });
        await recordExport(tx, actor, request, {
          objectType: 'business_review_pack',
          objectId: id,
          vendorId: id,
          format: 'pdf',
        });
        return result;
      });
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${packFilename(pack.vendor.name, month)}"`)
        .header('cache-control', 'private, no-store')
        .send(renderPack(pack));
    },
  );

  app.get(
    '/vendors/:id/business-reviews/:month/comments',
    {
      schema: {
        tags,
        summary: 'The brand’s comments on a vendor’s monthly business review',
        params: reviewParams,
        response: { 200: commentView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'analytics:read');
      const { id, month } = request.params;
      return withActor(db, actor, (tx) => getComment(tx, actor, id, month));
    },
  );

  app.put(
    '/vendors/:id/business-reviews/:month/comments',
    {
      schema: {
        tags,
        summary: 'Set the brand’s comments on a vendor’s monthly business review (replaces the text)',
        params: reviewParams,
        body: commentBody,
        response: { 200: commentView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'analytics:manage');
      const { id, month } = request.params;
      return withActor(db, actor, (tx) => putComment(tx, actor, id, month, request.body.text));
    },
  );
};
