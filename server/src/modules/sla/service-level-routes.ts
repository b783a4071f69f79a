import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { withActor } from '../../platform/db/transaction.js';
import { jsonOrCsv } from '../../platform/http/csv.js';
import { createOnce } from '../../platform/http/idempotency.js';
import { recordExport } from '../audit/index.js';
import { attainmentTable, missesTable } from './service-level-csv.js';
import {
  attainmentQuery,
  attainmentReport,
  idParams,
  missesQuery,
  missesReport,
  targetCreate,
  targetUpdate,
  targetView,
} from './service-level-schemas.js';
import * as levels from './service-level-service.js';

export const serviceLevelRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const { db } = ctx.database;
  const tags = ['service levels'];

  app.get(
    '/service-level-targets',
    {
      schema: {
        tags,
        summary: 'Contract service-level targets (a vendor sees its own)',
        querystring: z.object({ vendor_id: z.string().uuid().optional() }),
        response: { 200: z.object({ items: z.array(targetView) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'vendors:read');
      return { items: await withActor(db, actor, (tx) => levels.listTargets(tx, request.query.vendor_id)) };
    },
  );
  app.post(
    '/service-level-targets',
    {
      schema: {
        tags,
        summary: 'Create a contract service-level target',
        body: targetCreate,
        response: { 201: targetView },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'sla:manage');
      return createOnce(db, request, reply, actor, (tx) => levels.createTarget(tx, actor, request.body));
    },
  );
  app.patch(
    '/service-level-targets/:id',
    {
      schema: {
        tags,
        summary: 'Change a service-level target',
        params: idParams,
        body: targetUpdate,
        response: { 200: targetView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'sla:manage');
      return withActor(db, actor, (tx) => levels.updateTarget(tx, actor, request.params.id, request.body));
    },
  );
  app.delete(
    '/service-level-targets/:id',
    {
      schema: {
        tags,
        summary: 'Delete a service-level target',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'sla:manage');
      await withActor(db, actor, (tx) => levels.deleteTarget(tx, actor, request.params.id));
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/service-levels/attainment',
    {
      schema: {
        tags,
        summary:
          'Monthly attainment per target: target, actual (its variant and all five), contacts counted, misses',
        description:
          'A vendor user sees its own vendor’s targets. `?format=csv` or `Accept: text/csv` returns one line per target as CSV.',
        querystring: attainmentQuery,
        response: { 200: attainmentReport },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'vendors:read');
      const report = await withActor(db, actor, async (tx) => {
        const result = await levels.attainment(tx, request.query);
        await recordExport(tx, actor, request, { objectType: 'service_level_attainment' });
        return result;
      });
      return jsonOrCsv(request, reply, report, (r) => attainmentTable(request.query.month, r));
    },
  );
  app.get(
    '/service-levels/attainment/:id/misses',
    {
      schema: {
        tags,
        summary: 'Drill-down: the contacts that missed a target’s threshold in a month',
        description: '`?format=csv` or `Accept: text/csv` returns the misses as CSV.',
        params: idParams,
        querystring: missesQuery,
        response: { 200: missesReport },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'vendors:read');
      const { month, site_id } = request.query;
      const report = await withActor(db, actor, async (tx) => {
        const result = await levels.misses(tx, request.params.id, month, site_id);
        await recordExport(tx, actor, request, {
          objectType: 'service_level_misses',
          objectId: request.params.id,
        });
        return result;
      });
      return jsonOrCsv(request, reply, report, (r) => missesTable(month, r));
    },
  );
};
