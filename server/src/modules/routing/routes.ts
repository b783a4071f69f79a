import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { withActor } from '../../platform/db/transaction.js';
import { createOnce } from '../../platform/http/idempotency.js';
import {
  allocationsBody,
  allocationsView,
  certificationsBody,
  certificationsView,
  customerRoutingBody,
  customerRoutingView,
  decisionList,
  idParams,
  queueCreate,
  queueList,
  queueUpdate,
  queueView,
  residencyBody,
  ruleCreate,
  ruleList,
  ruleTestBody,
  ruleTestView,
  ruleUpdate,
  ruleView,
  siteResidencyView,
  transferBody,
  transferView,
} from './schemas.js';
import * as routing from './service.js';
import { whichQueue } from './which-queue.js';

const tags = ['routing'];

export const routingRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const { db } = ctx.database;

  app.get(
    '/routing/queues',
    {
      schema: {
        tags,
        summary: 'List routing queues with how many contacts wait in each',
        response: { 200: queueList },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'routing:read');
      return withActor(db, actor, (tx) => routing.listQueues(tx));
    },
  );
  app.get(
    '/routing/queues/:id',
    { schema: { tags, summary: 'Get a routing queue', params: idParams, response: { 200: queueView } } },
    async (request) => {
      const actor = requireActor(request, 'routing:read');
      return withActor(db, actor, (tx) => routing.getQueue(tx, request.params.id));
    },
  );
  app.post(
    '/routing/queues',
    { schema: { tags, summary: 'Create a routing queue', body: queueCreate, response: { 201: queueView } } },
    async (request, reply) => {
      const actor = requireActor(request, 'routing:manage');
      return createOnce(db, request, reply, actor, (tx) => routing.createQueue(tx, actor, request.body));
    },
  );
  app.patch(
    '/routing/queues/:id',
    {
      schema: {
        tags,
        summary: 'Change a queue: skills, certifications, overflow threshold and targets, sticky days',
        params: idParams,
        body: queueUpdate,
        response: { 200: queueView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'routing:manage');
      return withActor(db, actor, (tx) => routing.updateQueue(tx, actor, request.params.id, request.body));
    },
  );
  app.get(
    '/routing/queues/:id/allocations',
    {
      schema: {
        tags,
        summary: 'Target and actual vendor shares of a queue (a vendor admin sees its own vendor only)',
        params: idParams,
        response: { 200: allocationsView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'routing:read');
      return withActor(db, actor, (tx) => routing.getAllocations(tx, request.params.id));
    },
  );
  app.put(
    '/routing/queues/:id/allocations',
    {
      schema: {
        tags,
        summary: 'Set a queue’s target shares across vendors (add up to 100); applies to the next contact',
        params: idParams,
        body: allocationsBody,
        response: { 200: allocationsView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'routing:manage');
      return withActor(db, actor, (tx) => routing.putAllocations(tx, actor, request.params.id, request.body));
    },
  );

  app.get(
    '/routing/rules',
    { schema: { tags, summary: 'List routing rules in order', response: { 200: ruleList } } },
    async (request) => {
      const actor = requireActor(request, 'routing:manage');
      return withActor(db, actor, (tx) => routing.listRules(tx));
    },
  );
  app.post(
    '/routing/rules',
    { schema: { tags, summary: 'Add a routing rule', body: ruleCreate, response: { 201: ruleView } } },
    async (request, reply) => {
      const actor = requireActor(request, 'routing:manage');
      return createOnce(db, request, reply, actor, (tx) => routing.createRule(tx, actor, request.body));
    },
  );
  app.post(
    '/routing/rules/test',
    {
      schema: {
        tags,
        summary: 'Which queue a contact with these facts would get now, and which rule matched',
        body: ruleTestBody,
        response: { 200: ruleTestView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'routing:manage');
      return withActor(db, actor, (tx) => whichQueue(tx, request.body));
    },
  );
  app.patch(
    '/routing/rules/:id',
    {
      schema: {
        tags,
        summary: 'Change a routing rule',
        params: idParams,
        body: ruleUpdate,
        response: { 200: ruleView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'routing:manage');
      return withActor(db, actor, (tx) => routing.updateRule(tx, actor, request.params.id, request.body));
    },
  );
  app.delete(
    '/routing/rules/:id',
    { schema: { tags, summary: 'Delete a routing rule', params: idParams, response: { 204: z.null() } } },
    async (request, reply) => {
      const actor = requireActor(request, 'routing:manage');
      await withActor(db, actor, (tx) => routing.deleteRule(tx, actor, request.params.id));
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/routing/sites/:id/data-regions',
    {
      schema: {
        tags,
        summary: 'Data regions a site may serve (data residency)',
        params: idParams,
        body: residencyBody,
        response: { 200: siteResidencyView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'routing:manage');
      return withActor(db, actor, (tx) =>
        routing.setSiteRegions(tx, actor, request.params.id, request.body.data_regions),
      );
    },
  );
  app.patch(
    '/routing/customers/:id',
    {
      schema: {
        tags,
        summary: 'A customer’s data region and segment, as routing rules and residency see them',
        params: idParams,
        body: customerRoutingBody,
        response: { 200: customerRoutingView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'routing:manage');
      return withActor(db, actor, (tx) =>
        routing.setCustomerRouting(tx, actor, request.params.id, request.body),
      );
    },
  );
  app.put(
    '/routing/agents/:id/certifications',
    {
      schema: {
        tags,
        summary: 'Replace an agent’s certification flags',
        params: idParams,
        body: certificationsBody,
        response: { 200: certificationsView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'routing:manage');
      return withActor(db, actor, (tx) =>
        routing.setCertifications(tx, actor, request.params.id, request.body.certifications),
      );
    },
  );

  app.get(
    '/tickets/:id/routing-decisions',
    {
      schema: {
        tags,
        summary:
          'Every routing decision on a ticket, with the candidates considered and why each was excluded',
        params: idParams,
        response: { 200: decisionList },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'tickets:read');
      return withActor(db, actor, (tx) => routing.listDecisions(tx, actor, request.params.id));
    },
  );
  app.post(
    '/tickets/:id/transfer',
    {
      schema: {
        tags,
        summary: 'Assign or transfer a ticket to an agent, team, vendor or queue, with a reason',
        params: idParams,
        body: transferBody,
        response: { 200: transferView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'tickets:write');
      return withActor(db, actor, (tx) => routing.transfer(tx, actor, request.params.id, request.body));
    },
  );
};
