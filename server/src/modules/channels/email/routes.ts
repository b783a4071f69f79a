import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../../platform/auth/context.js';
import type { AppContext } from '../../../platform/context.js';
import { withActor } from '../../../platform/db/transaction.js';
import { createOnce } from '../../../platform/http/idempotency.js';
import * as addresses from './addresses.js';
import {
  idParams,
  supportAddressCreate,
  supportAddressList,
  supportAddressUpdate,
  supportAddressView,
} from './schemas.js';

export const supportAddressRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const { db } = ctx.database;
  const tags = ['email'];

  app.get(
    '/support-addresses',
    {
      schema: {
        tags,
        summary: 'List the brand’s support addresses (mail to an active one becomes a ticket)',
        response: { 200: supportAddressList },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'channels:manage');
      return { items: await withActor(db, actor, (tx) => addresses.listAddresses(tx)) };
    },
  );
  app.post(
    '/support-addresses',
    {
      schema: {
        tags,
        summary: 'Add a support address with the defaults of the tickets it opens',
        body: supportAddressCreate,
        response: { 201: supportAddressView },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'channels:manage');
      return createOnce(db, request, reply, actor, (tx) => addresses.createAddress(tx, actor, request.body));
    },
  );
  app.get(
    '/support-addresses/:id',
    {
      schema: {
        tags,
        summary: 'Get a support address',
        params: idParams,
        response: { 200: supportAddressView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'channels:manage');
      return withActor(db, actor, (tx) => addresses.getAddress(tx, request.params.id));
    },
  );
  app.patch(
    '/support-addresses/:id',
    {
      schema: {
        tags,
        summary: 'Change a support address’s defaults, or deactivate it',
        params: idParams,
        body: supportAddressUpdate,
        response: { 200: supportAddressView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'channels:manage');
      return withActor(db, actor, (tx) =>
        addresses.updateAddress(tx, actor, request.params.id, request.body),
      );
    },
  );
  app.delete(
    '/support-addresses/:id',
    { schema: { tags, summary: 'Remove a support address', params: idParams } },
    async (request, reply) => {
      const actor = requireActor(request, 'channels:manage');
      await withActor(db, actor, (tx) => addresses.deleteAddress(tx, actor, request.params.id));
      return reply.code(204).send();
    },
  );
};
