import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { withActor } from '../../platform/db/transaction.js';
import { createOnce } from '../../platform/http/idempotency.js';
import {
  idParams,
  notificationQuery,
  notificationView,
  policyCreate,
  policyUpdate,
  policyView,
  ticketSlaView,
} from './schemas.js';
import * as sla from './service.js';

export const slaRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const { db } = ctx.database;
  const tags = ['sla'];

  app.get(
    '/tickets/:id/sla',
    {
      schema: {
        tags,
        summary: 'A ticket’s SLA timers now: state, due time and time remaining per metric',
        params: idParams,
        response: { 200: ticketSlaView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'tickets:read');
      return withActor(db, actor, (tx) => sla.ticketSla(tx, request.params.id));
    },
  );

  app.get(
    '/sla-policies',
    {
      schema: {
        tags,
        summary: 'SLA policies in order (the first match wins)',
        response: { 200: z.object({ items: z.array(policyView) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'tickets:read');
      return { items: await withActor(db, actor, (tx) => sla.listPolicies(tx, actor)) };
    },
  );
  app.get(
    '/sla-policies/:id',
    { schema: { tags, summary: 'Get an SLA policy', params: idParams, response: { 200: policyView } } },
    async (request) => {
      const actor = requireActor(request, 'tickets:read');
      return withActor(db, actor, (tx) => sla.getPolicy(tx, request.params.id));
    },
  );
  app.post(
    '/sla-policies',
    { schema: { tags, summary: 'Create an SLA policy', body: policyCreate, response: { 201: policyView } } },
    async (request, reply) => {
      const actor = requireActor(request, 'sla:manage');
      return createOnce(db, request, reply, actor, (tx) => sla.createPolicy(tx, actor, request.body));
    },
  );
  app.patch(
    '/sla-policies/:id',
    {
      schema: {
        tags,
        summary: 'Change an SLA policy (open tickets are re-timed from their history in the background)',
        params: idParams,
        body: policyUpdate,
        response: { 200: policyView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'sla:manage');
      return withActor(db, actor, (tx) => sla.updatePolicy(tx, actor, request.params.id, request.body));
    },
  );
  app.delete(
    '/sla-policies/:id',
    { schema: { tags, summary: 'Delete an SLA policy', params: idParams, response: { 204: z.null() } } },
    async (request, reply) => {
      const actor = requireActor(request, 'sla:manage');
      await withActor(db, actor, (tx) => sla.deletePolicy(tx, actor, request.params.id));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: 'My notifications, newest first (SLA warnings and breaches)',
        querystring: notificationQuery,
        response: { 200: z.object({ items: z.array(notificationView) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'tickets:read');
      const { unread, limit } = request.query;
      return {
        items: await withActor(db, actor, (tx) => sla.listNotifications(tx, unread === 'true', limit)),
      };
    },
  );
  app.post(
    '/notifications/:id/read',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark a notification read',
        params: idParams,
        response: { 200: notificationView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'tickets:read');
      return withActor(db, actor, (tx) => sla.readNotification(tx, request.params.id));
    },
  );
};
