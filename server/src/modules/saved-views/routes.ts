import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { withActor } from '../../platform/db/transaction.js';
import { savedView, savedViewCreate, savedViewList, savedViewUpdate, viewParams } from './schemas.js';
import * as views from './service.js';

/** Saved inbox views: personal, or shared with the vendor (brand users': the organization). */
export const savedViewRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const { db } = ctx.database;
  const tags = ['saved views'];

  app.get(
    '/saved-views',
    {
      schema: {
        tags,
        summary: 'Your saved views and the shared ones of your vendor (brand users: of everyone)',
        response: { 200: savedViewList },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'tickets:read');
      return withActor(db, actor, (tx) => views.listViews(tx));
    },
  );
  app.post(
    '/saved-views',
    {
      schema: {
        tags,
        summary: 'Save inbox filters under a name; shared: true needs brand admin, vendor admin or team lead',
        body: savedViewCreate,
        response: { 201: savedView },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'tickets:read');
      const view = await withActor(db, actor, (tx) => views.createView(tx, actor, request.body));
      return reply.code(201).send(view);
    },
  );
  app.patch(
    '/saved-views/:id',
    {
      schema: {
        tags,
        summary: 'Rename a view, change its filters or whether it is shared',
        params: viewParams,
        body: savedViewUpdate,
        response: { 200: savedView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'tickets:read');
      return withActor(db, actor, (tx) => views.updateView(tx, actor, request.params.id, request.body));
    },
  );
  app.delete(
    '/saved-views/:id',
    {
      schema: { tags, summary: 'Delete a saved view', params: viewParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'tickets:read');
      await withActor(db, actor, (tx) => views.deleteView(tx, actor, request.params.id));
      return reply.code(204).send(null);
    },
  );
};
