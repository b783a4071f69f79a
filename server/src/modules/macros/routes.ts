import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { withActor } from '../../platform/db/transaction.js';
import {
  macroCreate,
  macroList,
  macroListQuery,
  macroParams,
  macroUpdate,
  macroView,
  rendered,
  renderParams,
} from './schemas.js';
import * as macros from './service.js';

/** Macros: canned responses with placeholders, proposed by vendors and approved by the brand. */
export const macroRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const { db } = ctx.database;
  const tags = ['macros'];

  app.get(
    '/macros',
    {
      schema: {
        tags,
        summary:
          'Approved macros you may use (brand-wide and your vendor’s); those who write macros also see unapproved proposals',
        querystring: macroListQuery,
        response: { 200: macroList },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'tickets:read');
      return withActor(db, actor, (tx) => macros.listMacros(tx, actor, request.query.language));
    },
  );
  app.post(
    '/macros',
    {
      schema: {
        tags,
        summary:
          'Create a macro: a brand admin’s is approved at once; a vendor admin’s or team lead’s is a proposal for their vendor',
        body: macroCreate,
        response: { 201: macroView },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'macros:write');
      const macro = await withActor(db, actor, (tx) => macros.createMacro(tx, actor, request.body));
      return reply.code(201).send(macro);
    },
  );
  app.patch(
    '/macros/:id',
    {
      schema: {
        tags,
        summary: 'Change a macro (vendor users: only their vendor’s unapproved proposals)',
        params: macroParams,
        body: macroUpdate,
        response: { 200: macroView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'macros:write');
      return withActor(db, actor, (tx) => macros.updateMacro(tx, actor, request.params.id, request.body));
    },
  );
  app.delete(
    '/macros/:id',
    {
      schema: { tags, summary: 'Delete a macro', params: macroParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'macros:write');
      await withActor(db, actor, (tx) => macros.deleteMacro(tx, actor, request.params.id));
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/macros/:id/approve',
    {
      schema: {
        tags,
        summary: 'Approve a vendor’s proposed macro (brand admins)',
        params: macroParams,
        response: { 200: macroView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'macros:approve');
      return withActor(db, actor, (tx) => macros.approveMacro(tx, actor, request.params.id));
    },
  );
  app.post(
    '/tickets/:id/macros/:macroId/render',
    {
      schema: {
        tags,
        summary: 'A macro’s text for this ticket, placeholders filled (customer, ticket, you, the brand)',
        params: renderParams,
        response: { 200: rendered },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'tickets:read');
      return withActor(db, actor, (tx) =>
        macros.renderForTicket(tx, actor, request.params.id, request.params.macroId),
      );
    },
  );
};
