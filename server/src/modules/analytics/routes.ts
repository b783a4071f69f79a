import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { withActor, withSystem } from '../../platform/db/transaction.js';
import { Forbidden } from '../../platform/errors.js';
import { jsonOrCsv } from '../../platform/http/csv.js';
import { recordExport } from '../audit/index.js';
import { backlogTable, kpiTable, ticketsTable, trendTable } from './csv.js';
import { rebuild, settingsOf } from './rollup.js';
import {
  backlogQuery,
  backlogReport,
  kpiQuery,
  kpiReport,
  orderCounts,
  orderCountsResult,
  rebuildResult,
  ticketsBehind,
  ticketsBehindQuery,
  trendQuery,
  trendReport,
} from './schemas.js';
import {
  backlog,
  kpiReport as buildReport,
  kpiTrend,
  ticketsBehind as listTicketsBehind,
  storeOrderCounts,
  unitsBehind,
} from './service.js';

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
      const report = await withActor(db, actor, async (tx) => {
        const result = await buildReport(tx, actor, request.query);
        await recordExport(tx, actor, request, { objectType: 'kpi_report' });
        return result;
      });
      return jsonOrCsv(request, reply, report, (r) => kpiTable(request.query.group_by, r.rows));
    },
  );

  app.get(
    '/analytics/kpis/trend',
    {
      schema: {
        tags,
        summary:
          'The KPIs of each local day or week of a period, optionally for one vendor, site, team or agent',
        description:
          'The same figures as /analytics/kpis, one set per bucket, for charts. Vendor users see only their vendor. ' +
          '`?format=csv` or `Accept: text/csv` returns one line per bucket as CSV.',
        querystring: trendQuery,
        response: { 200: trendReport },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'analytics:read');
      const trend = await withActor(db, actor, async (tx) => {
        const result = await kpiTrend(tx, actor, request.query);
        await recordExport(tx, actor, request, { objectType: 'kpi_trend' });
        return result;
      });
      return jsonOrCsv(request, reply, trend, trendTable);
    },
  );

  app.get(
    '/analytics/kpis/tickets',
    {
      schema: {
        tags,
        summary: 'The tickets behind a figure: each with its part of the numerator and denominator',
        description:
          'Lists the tickets (and surveyed tickets) a figure of /analytics/kpis counts for the period and filters, ' +
          'in pages. The parts of all pages add up to the report’s numerator and denominator, which the answer repeats. ' +
          '`?format=csv` or `Accept: text/csv` returns the page’s tickets with their parts as CSV.',
        querystring: ticketsBehindQuery,
        response: { 200: ticketsBehind },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'analytics:read');
      // The per-unit contributions are owner-only; the query scopes them to the caller's vendor.
      const page = await withSystem(db, (system) => unitsBehind(system, actor, request.query));
      const listed = await withActor(db, actor, async (tx) => {
        const result = await listTicketsBehind(tx, actor, request.query, page);
        await recordExport(tx, actor, request, { objectType: 'kpi_tickets' });
        return result;
      });
      return jsonOrCsv(request, reply, listed, ticketsTable);
    },
  );

  app.get(
    '/analytics/backlog',
    {
      schema: {
        tags,
        summary:
          'Open tickets now by age (<1h, 1-4h, 4-24h, 1-3d, 3-7d, >7d) per vendor, site, team, agent or queue',
        description:
          '`?format=csv` or `Accept: text/csv` returns the same table as CSV, one column per age bucket.',
        querystring: backlogQuery,
        response: { 200: backlogReport },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'analytics:read');
      const report = await withActor(db, actor, async (tx) => {
        const result = await backlog(tx, actor, request.query);
        await recordExport(tx, actor, request, { objectType: 'backlog_report' });
        return result;
      });
      return jsonOrCsv(request, reply, report, (r) => backlogTable(request.query.group_by, r));
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
