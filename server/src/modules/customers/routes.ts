import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import type { Actor, Tx } from '../../platform/db/transaction.js';
import { withActor } from '../../platform/db/transaction.js';
import { createOnce } from '../../platform/http/idempotency.js';
import { decodeCursor, pageOf, toPage } from '../../platform/http/pagination.js';
import { maskedCustomer, maskingFor } from '../privacy/index.js';
import { identitiesOf } from './identity.js';
import {
  customerCreate,
  customerDetail,
  customerListQuery,
  customerMerge,
  customerUpdate,
  customerView,
  identityCreate,
  idParams,
} from './schemas.js';
import * as customers from './service.js';

/** A customer as the actor sees it: masked for outsourced roles under the brand's policy. */
async function seen<T extends { id: string; display_name: string }>(tx: Tx, actor: Actor, customer: T) {
  return maskedCustomer(await maskingFor(tx, actor), customer);
}

export const customerRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const { db } = ctx.database;
  const tags = ['customers'];

  app.get(
    '/customers',
    {
      schema: {
        tags,
        summary: 'List customers, optionally by identity (?email=, ?phone=, …)',
        querystring: customerListQuery,
        response: { 200: pageOf(customerView) },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'customers:read');
      const { limit, cursor, include_merged, ...identity } = request.query;
      const rows = await withActor(db, actor, async (tx) => {
        const masking = await maskingFor(tx, actor);
        const found = await customers.listCustomers(tx, {
          identities: identitiesOf(identity),
          includeMerged: include_merged,
          limit,
          cursor: decodeCursor(cursor),
        });
        return found.map((c) => maskedCustomer(masking, c));
      });
      return toPage(rows, limit, (c) => c.created_at);
    },
  );
  app.get(
    '/customers/:id',
    {
      schema: {
        tags,
        summary: 'Get a customer with identities',
        params: idParams,
        response: { 200: customerDetail },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'customers:read');
      return withActor(db, actor, async (tx) =>
        seen(tx, actor, await customers.getCustomer(tx, request.params.id)),
      );
    },
  );
  app.post(
    '/customers',
    {
      schema: { tags, summary: 'Create a customer', body: customerCreate, response: { 201: customerDetail } },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'customers:write');
      return createOnce(db, request, reply, actor, async (tx) =>
        seen(tx, actor, await customers.createCustomer(tx, actor, request.body)),
      );
    },
  );
  app.patch(
    '/customers/:id',
    {
      schema: {
        tags,
        summary: 'Change a customer’s name or tier',
        params: idParams,
        body: customerUpdate,
        response: { 200: customerDetail },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'customers:write');
      return withActor(db, actor, async (tx) =>
        seen(tx, actor, await customers.updateCustomer(tx, actor, request.params.id, request.body)),
      );
    },
  );
  app.post(
    '/customers/:id/identities',
    {
      schema: {
        tags,
        summary: 'Add an identity (email, phone, chat visitor, external id)',
        params: idParams,
        body: identityCreate,
        response: { 201: customerDetail },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'customers:write');
      return createOnce(db, request, reply, actor, async (tx) =>
        seen(tx, actor, await customers.addIdentity(tx, actor, request.params.id, request.body)),
      );
    },
  );
  app.post(
    '/customers/:id/merge',
    {
      schema: {
        tags,
        summary: 'Merge another customer into this one',
        params: idParams,
        body: customerMerge,
        response: { 200: customerDetail },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'customers:write');
      return withActor(db, actor, async (tx) =>
        seen(
          tx,
          actor,
          await customers.mergeCustomers(tx, actor, request.params.id, request.body.source_customer_id),
        ),
      );
    },
  );
};
