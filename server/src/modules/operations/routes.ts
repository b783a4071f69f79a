import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { withActor, withSystem } from '../../platform/db/transaction.js';
import { jsonOrCsv } from '../../platform/http/csv.js';
import { recordExport } from '../audit/index.js';
import { queuesTable } from './csv.js';
import { failureParams, failureQuery, failureView, liveBoardView, liveQuery } from './schemas.js';
import * as operations from './service.js';

export const operationsRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const { db } = ctx.database;
  const tags = ['operations'];

  app.get(
    '/outbox/failures',
    {
      schema: {
        tags,
        summary: 'Events a background consumer could not handle (retrying with backoff, or dead)',
        description:
          'A consumer (SLA, routing, KPI rollup, webhooks, email …) that fails on an event does not stop the others: ' +
          'the event is set aside for that consumer, retried with growing waits, and after the last attempt listed as dead. Brand admins.',
        querystring: failureQuery,
        response: { 200: z.object({ items: z.array(failureView) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'operations:manage');
      const items = await withActor(db, actor, (tx) =>
        operations.listFailures(tx, actor, request.query.state),
      );
      return { items };
    },
  );

  app.post(
    '/outbox/failures/:id/replay',
    {
      schema: {
        tags,
        summary: 'Try a failed event again now (its attempts start afresh)',
        params: failureParams,
        response: { 202: z.object({ scheduled: z.literal(true) }) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'operations:manage');
      await withActor(db, actor, (tx) => operations.visibleFailure(tx, actor, request.params.id));
      // Failures are written by the dispatcher as the owner; the app role may only read them.
      await withSystem(db, (tx) => operations.replayFailure(tx, request.params.id));
      return reply.code(202).send({ scheduled: true as const });
    },
  );

  app.get(
    '/operations/live',
    {
      schema: {
        tags,
        summary: 'Live operations: waiting contacts and SLA risk per queue, people online, site status',
        description:
          'Per routing queue: open contacts nobody has yet, the oldest wait, SLA timers at risk and breached; ' +
          'per vendor and site: people online and away, the site status, its open tickets and where contacts ' +
          'taken off it (site down) went. A vendor user sees only its own vendor. Needs analytics:read. ' +
          '`?format=csv` or `Accept: text/csv` returns the queues table as CSV.',
        querystring: liveQuery,
        response: { 200: liveBoardView },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'analytics:read');
      const board = await withActor(db, actor, async (tx) => {
        const result = await operations.liveOperations(tx, actor, new Date());
        await recordExport(tx, actor, request, { objectType: 'live_operations' });
        return result;
      });
      return jsonOrCsv(request, reply, board, queuesTable);
    },
  );
};
