import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { withActor } from '../../platform/db/transaction.js';
import { csvFormat, jsonOrCsv } from '../../platform/http/csv.js';
import { recordExport } from '../audit/index.js';
import { inhouseCostModel, inhouseCostModelView, tcoRequest, tcoResult } from './tco.schemas.js';
import { getInhouseCostModel, saveInhouseCostModel, tco } from './tco.service.js';
import { renderTco } from './tco-layout.js';

/** The in-house cost model and the TCO comparison: docs/billing.md#tco. Brand users only. */
export const tcoRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const { db } = ctx.database;
  const tags = ['billing'];

  app.get(
    '/billing/inhouse-cost-model',
    {
      schema: {
        tags,
        summary: 'The in-house team’s cost model and what it costs a month, line by line',
        response: { 200: inhouseCostModelView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'billing:read');
      return withActor(db, actor, (tx) => getInhouseCostModel(tx, actor));
    },
  );
  app.put(
    '/billing/inhouse-cost-model',
    {
      schema: {
        tags,
        summary:
          'Set the in-house team’s cost model (salaries and benefits by role and country, hiring, seats, overhead)',
        body: inhouseCostModel,
        response: { 200: inhouseCostModelView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'billing:manage');
      return withActor(db, actor, (tx) => saveInhouseCostModel(tx, actor, request.body));
    },
  );
  app.post(
    '/billing/tco',
    {
      schema: {
        tags,
        summary: 'Price one month’s volume forecast in-house, at each vendor’s contract, and as mixes',
        description:
          'Each option on the whole forecast; each mix with every part priced on its share (tiers and minimum commitments apply per part). `?format=csv` returns one row per option and mix part, then the assumptions.',
        querystring: z.object({ format: csvFormat }),
        body: tcoRequest,
        response: { 200: tcoResult },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'billing:read');
      const result = await withActor(db, actor, async (tx) => {
        const priced = await tco(tx, actor, request.body);
        await recordExport(tx, actor, request, { objectType: 'tco_comparison' });
        return priced;
      });
      return jsonOrCsv(request, reply, result, (r) => ({
        filename: `tco-${r.month}`,
        header: [
          'scenario',
          'option',
          'name',
          'percent',
          'contacts',
          'currency',
          'total_minor',
          `total_${r.base_currency}_minor`,
          `cost_per_contact_${r.base_currency}_minor`,
        ],
        rows: [
          ...r.options.map((o) => [
            'alone',
            o.option,
            o.name,
            100,
            o.contacts,
            o.currency,
            o.total_minor,
            o.total_base_minor,
            o.cost_per_contact_base_minor === null ? null : Math.round(o.cost_per_contact_base_minor),
          ]),
          ...r.mixes.flatMap((m) => [
            ...m.parts.map((p) => [
              m.name,
              p.option,
              p.name,
              p.percent,
              p.contacts,
              p.currency,
              p.total_minor,
              p.total_base_minor,
              p.cost_per_contact_base_minor === null ? null : Math.round(p.cost_per_contact_base_minor),
            ]),
            [
              m.name,
              'total',
              '',
              100,
              r.contacts,
              r.base_currency,
              m.total_base_minor,
              m.total_base_minor,
              m.cost_per_contact_base_minor === null ? null : Math.round(m.cost_per_contact_base_minor),
            ],
          ]),
          ...r.assumptions.map((a) => ['assumption', '', a, '', '', '', '', '', '']),
        ],
      }));
    },
  );
  app.post(
    '/billing/tco.pdf',
    {
      schema: {
        tags,
        summary: 'The TCO comparison as a PDF: the same numbers as `POST /billing/tco`, with its assumptions',
        body: tcoRequest,
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'billing:read');
      const result = await withActor(db, actor, async (tx) => {
        const priced = await tco(tx, actor, request.body);
        await recordExport(tx, actor, request, { objectType: 'tco_comparison', format: 'pdf' });
        return priced;
      });
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="tco-${result.month}.pdf"`)
        .header('cache-control', 'private, no-store')
        .send(renderTco(result));
    },
  );
};
