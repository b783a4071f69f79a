import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app.js';
import { requireActor } from '../../platform/auth/context.js';
import { withActor, withSystem } from '../../platform/db/transaction.js';
import { Forbidden } from '../../platform/errors.js';
import { toCsv } from './report.js';
import { rebuild, settingsOf } from './rollup.js';
import { kpiQuery, kpiReport, orderCounts, orderCountsResult, rebuildResult } from './schemas.js';
import { kpiReport as buildReport, storeOrderCounts } from './service.js';

export const analyticsRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const { db } = ctx.database;
  const tags = ['analytics'];

  app.get(
    '/analytics/kpis',
    {
      schema: {
        tags,
        summary:
          'KPIs for a period by vendor, site, team, agent, queue, channel, language or priority (JSON or CSV)',
        description:
          'Reads the hourly rollup. Each figure carries its numerator, denominator and the definition variant it uses. ' +
          'Vendor users see only their vendor. `?format=csv` or `Accept: text/csv` returns the same table as CSV.',
        querystring: kpiQuery,
        response: { 200: kpiReport },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'analytics:read');
      const report = await withActor(db, actor, (tx) => buildReport(tx, actor, request.query));
      const wantsCsv =
        request.query.format === 'csv' ||
        (request.query.format === undefined && /\btext\/csv\b/.test(request.headers.accept ?? ''));
      if (!wantsCsv) return report;
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="kpis-${request.query.group_by}.csv"`)
        .send(toCsv(request.query.group_by, report.rows) as never); // text, not the JSON schema
    },
  );

  app.post(
    '/analytics/order-counts',
    {
      schema: {
        tags,
        summary:
          'Report the brand’s orders per hour (for contacts per 1,000 orders); a repeated hour replaces it',
        body: orderCounts,
        response: { 200: orderCountsResult },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'analytics:manage');
      const stored = await withActor(db, actor, (tx) => storeOrderCounts(tx, actor, request.body));
      return { stored };
    },
  );

  app.post(
    '/analytics/rollup/rebuild',
    {
      schema: {
        tags,
        summary:
          'Rebuild the brand’s KPI rollup from the raw tables (after a definition change or a restore)',
        response: { 200: rebuildResult },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'analytics:manage');
      if (actor.vendorId)
        throw new Forbidden('Brand admins only', [{ path: 'actor', message: 'brand users only' }]);
      // The rollup spans every vendor, so it is rebuilt as the owner, for the caller's brand only.
      const units = await withSystem(db, (tx) => rebuild(tx, actor.organizationId, settingsOf(ctx.config)));
      return { units };
    },
  );
};
