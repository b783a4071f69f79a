import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { keyringOf } from '../../platform/crypto/keyring.js';
import { withActor, withSystem } from '../../platform/db/transaction.js';
import { attachmentStore } from '../../platform/storage/attachment-store.js';
import { attachmentKeysInUse } from '../attachments/index.js';
import { openedTicket } from '../tickets/index.js';
import { getRetention, setRetention } from './retention.js';
import {
  customerExport,
  customerIdParams,
  erasureCreate,
  erasureResult,
  retentionPut,
  retentionView,
} from './schemas.js';
import * as erasure from './service.js';

/**
 * GDPR export and erasure of one customer: brand admins only (privacy:manage). Both run as the owner
 * within the actor's organization, because they reach every vendor's rows and tables the application
 * role may not change. docs/privacy.md#export-and-erasure.
 */
export const erasureRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const { db } = ctx.database;
  const store = attachmentStore(ctx.config);
  const tags = ['privacy'];

  app.get(
    '/customers/:id/export',
    {
      schema: {
        tags,
        summary: 'Everything Tandem holds about one customer, as JSON (GDPR access request; audited)',
        params: customerIdParams,
        response: { 200: customerExport },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'privacy:manage');
      const exported = await withSystem(db, (tx) =>
        erasure.exportCustomer(tx, actor, request.params.id, request),
      );
      // Sealed custom fields are the customer's data too: opened after the transaction, like the API.
      const keyring = () => keyringOf(db, ctx.config);
      const tickets = exported.tickets as { id: string; custom_fields: Record<string, unknown> }[];
      return { ...exported, tickets: await Promise.all(tickets.map((t) => openedTicket(keyring, t))) };
    },
  );
  app.post(
    '/customers/:id/erase',
    {
      schema: {
        tags,
        summary:
          'Erase one customer’s personal data in every table, keeping ticket rows for KPIs (GDPR; audited; 409 when already erased)',
        params: customerIdParams,
        body: erasureCreate,
        response: { 200: erasureResult },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'privacy:manage');
      const { result, keys } = await withSystem(db, (tx) =>
        erasure.eraseCustomer(tx, actor, request.params.id, request.body),
      );
      // Files go after the commit (a rollback must not lose them), and only those no row still
      // points at: the store is content-addressed, so another customer may have sent the same bytes.
      const inUse = await withSystem(db, (tx) => attachmentKeysInUse(tx, keys));
      const orphans = keys.filter((k) => !inUse.has(k));
      for (const key of orphans) await store.delete(key);
      return { ...result, files_deleted: orphans.length };
    },
  );

  app.get(
    '/privacy/retention',
    {
      schema: {
        tags,
        summary: 'Retention per channel: when attachments are deleted and closed tickets redacted',
        response: { 200: retentionView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'privacy:manage');
      return withActor(db, actor, (tx) => getRetention(tx, actor));
    },
  );
  app.put(
    '/privacy/retention',
    {
      schema: {
        tags,
        summary:
          'Set retention per channel (replaces every policy; a channel left out keeps everything; audited)',
        body: retentionPut,
        response: { 200: retentionView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'privacy:manage');
      // As the owner: only this module writes the policies, and only brand admins reach it.
      return withSystem(db, (tx) => setRetention(tx, actor, request.body));
    },
  );
};
