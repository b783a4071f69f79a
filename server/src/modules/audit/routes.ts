import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { withActor } from '../../platform/db/transaction.js';
import { jsonOrCsv } from '../../platform/http/csv.js';
import { auditPage, auditQuery } from './schemas.js';
import * as audit from './service.js';

const COLUMNS = [
  'seq',
  'occurred_at',
  'actor_user_id',
  'actor_label',
  'vendor_id',
  'action',
  'object_type',
  'object_id',
  'details',
  'prev_hash',
  'hash',
] as const;

/** The audit log for auditors and brand admins (audit:read); vendor roles get 403. docs/audit.md. */
export const auditRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const { db } = ctx.database;
  app.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit log, newest first, filtered by actor, vendor, object, action and time',
        description:
          'Needs audit:read (brand admins and auditors). Keyset pages by seq. `?format=csv` or `Accept: text/csv` returns the page as CSV; the export itself is logged.',
        querystring: auditQuery,
        response: { 200: auditPage },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'audit:read');
      const q = request.query;
      const page = await withActor(db, actor, async (tx) => {
        const result = await audit.listEntries(
          tx,
          actor,
          {
            actor: q.actor,
            vendor: q.vendor,
            objectType: q.object_type,
            objectId: q.object_id,
            action: q.action,
            from: q.from,
            to: q.to,
          },
          q.limit,
          q.cursor,
        );
        await audit.recordExport(tx, actor, request, { objectType: 'audit_log' });
        return result;
      });
      return jsonOrCsv(request, reply, page, (p) => ({
        filename: 'audit-log',
        header: COLUMNS,
        rows: p.items.map((e) => COLUMNS.map((c) => (c === 'details' ? JSON.stringify(e.details) : e[c]))),
      }));
    },
  );
};
