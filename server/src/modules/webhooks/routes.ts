import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { keyringOf } from '../../platform/crypto/keyring.js';
import { withActor } from '../../platform/db/transaction.js';
import { createOnce } from '../../platform/http/idempotency.js';
import { pageOf } from '../../platform/http/pagination.js';
import {
  deliveryListQuery,
  deliveryParams,
  deliveryView,
  idParams,
  SIGNATURE_DOC,
  webhookCreate,
  webhookCreated,
  webhookUpdate,
  webhookView,
} from './schemas.js';
import { signingSecret } from './secrets.js';
import * as webhooks from './service.js';

export const webhookRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const { db } = ctx.database;
  const tags = ['webhooks'];

  app.post(
    '/webhooks',
    {
      schema: {
        tags,
        summary: 'Subscribe an endpoint to ticket and message events (the signing secret is shown once)',
        description: SIGNATURE_DOC,
        body: webhookCreate,
        response: { 201: webhookCreated },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'webhooks:manage');
      const keyring = keyringOf(db, ctx.config);
      await keyring.ready(); // before the transaction: embedded PGlite has one connection
      const created = await createOnce(db, request, reply, actor, (tx) =>
        webhooks.createSubscription(tx, actor, ctx.config, keyring, request.body),
      );
      // The one time the secret leaves the server (and again on an idempotent replay).
      return { ...created, secret: await signingSecret(keyring, created.id, created.secret) };
    },
  );
  app.get(
    '/webhooks',
    {
      schema: {
        tags,
        summary: 'Webhook subscriptions you manage',
        response: { 200: z.object({ items: z.array(webhookView) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'webhooks:manage');
      return { items: await withActor(db, actor, (tx) => webhooks.listSubscriptions(tx)) };
    },
  );
  app.get(
    '/webhooks/:id',
    {
      schema: { tags, summary: 'One webhook subscription', params: idParams, response: { 200: webhookView } },
    },
    async (request) => {
      const actor = requireActor(request, 'webhooks:manage');
      return withActor(db, actor, (tx) => webhooks.getSubscription(tx, request.params.id));
    },
  );
  app.patch(
    '/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'Change a subscription’s URL, event types, networks or active flag',
        params: idParams,
        body: webhookUpdate,
        response: { 200: webhookView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'webhooks:manage');
      return withActor(db, actor, (tx) =>
        webhooks.updateSubscription(tx, ctx.config, request.params.id, request.body),
      );
    },
  );
  app.delete(
    '/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'Delete a subscription and its delivery log',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'webhooks:manage');
      await withActor(db, actor, (tx) => webhooks.deleteSubscription(tx, request.params.id));
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/webhooks/:id/deliveries',
    {
      schema: {
        tags,
        summary: 'The delivery log: status, attempts, response code, latency and next attempt, newest first',
        params: idParams,
        querystring: deliveryListQuery,
        response: { 200: pageOf(deliveryView) },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'webhooks:manage');
      return withActor(db, actor, (tx) => webhooks.listDeliveries(tx, request.params.id, request.query));
    },
  );
  app.post(
    '/webhooks/:id/deliveries/:deliveryId/redeliver',
    {
      schema: {
        tags,
        summary: 'Send a delivery again (a fresh round of attempts)',
        params: deliveryParams,
        response: { 202: deliveryView },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'webhooks:manage');
      const result = await withActor(db, actor, (tx) =>
        webhooks.redeliver(tx, request.params.id, request.params.deliveryId),
      );
      return reply.code(202).send(result);
    },
  );
};
