import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { withActor } from '../../platform/db/transaction.js';
import { createOnce } from '../../platform/http/idempotency.js';
import { decodeCursor, pageOf, toPage } from '../../platform/http/pagination.js';
import { sessionList } from '../auth/schemas.js';
import {
  capacitiesBody,
  idParams,
  presenceBody,
  presenceListQuery,
  presenceListView,
  presenceView,
  skillsBody,
  userCreate,
  userListQuery,
  userProfileView,
  userUpdate,
  userView,
} from './schemas.js';
import * as users from './service.js';

export const userRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const { db } = ctx.database;
  const tags = ['users'];

  app.get(
    '/users',
    {
      schema: {
        tags,
        summary: 'List users (a vendor user sees only its vendor’s people)',
        querystring: userListQuery,
        response: { 200: pageOf(userView) },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'users:read');
      const { limit, cursor, role, vendor_id, team_id, active } = request.query;
      const rows = await withActor(db, actor, (tx) =>
        users.listUsers(tx, {
          role,
          vendorId: vendor_id,
          teamId: team_id,
          active: active === undefined ? undefined : active === 'true',
          limit,
          cursor: decodeCursor(cursor),
        }),
      );
      return toPage(rows, limit, (u) => u.email);
    },
  );
  app.get(
    '/users/:id',
    {
      schema: {
        tags,
        summary: 'Get a user with skills, languages and capacities',
        params: idParams,
        response: { 200: userProfileView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'users:read');
      return withActor(db, actor, (tx) => users.getProfile(tx, request.params.id));
    },
  );
  app.post(
    '/users',
    { schema: { tags, summary: 'Create a user', body: userCreate, response: { 201: userView } } },
    async (request, reply) => {
      const actor = requireActor(request, 'users:write');
      return createOnce(db, request, reply, actor, (tx) => users.createUser(tx, actor, request.body));
    },
  );
  app.patch(
    '/users/:id',
    {
      schema: {
        tags,
        summary:
          'Change a user; deactivating ends their sessions and API tokens and returns their open tickets to routing',
        params: idParams,
        body: userUpdate,
        response: { 200: userView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'users:write');
      return withActor(db, actor, (tx) => users.updateUser(tx, actor, request.params.id, request.body));
    },
  );
  app.get(
    '/users/:id/sessions',
    {
      schema: {
        tags,
        summary: 'A user’s signed-in sessions and devices (for an admin who manages them)',
        params: idParams,
        response: { 200: sessionList },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'users:write');
      return { items: await withActor(db, actor, (tx) => users.sessionsOf(tx, actor, request.params.id)) };
    },
  );
  app.delete(
    '/users/:id/sessions',
    {
      schema: {
        tags,
        summary: 'Sign a user out everywhere (ends every session; API tokens stay)',
        params: idParams,
        response: { 200: z.object({ sessionsEnded: z.number().int() }) },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'users:write');
      const sessionsEnded = await withActor(db, actor, (tx) =>
        users.endSessionsOf(tx, actor, request.params.id),
      );
      return { sessionsEnded };
    },
  );
  app.put(
    '/users/:id/skills',
    {
      schema: {
        tags,
        summary: 'Replace an agent’s skills',
        params: idParams,
        body: skillsBody,
        response: { 200: userProfileView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'users:write');
      return withActor(db, actor, (tx) => users.setSkills(tx, actor, request.params.id, request.body));
    },
  );
  app.put(
    '/users/:id/capacities',
    {
      schema: {
        tags,
        summary: 'Replace an agent’s per-channel capacities',
        params: idParams,
        body: capacitiesBody,
        response: { 200: userProfileView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'users:write');
      return withActor(db, actor, (tx) => users.setCapacities(tx, actor, request.params.id, request.body));
    },
  );
  app.put(
    '/presence',
    {
      schema: {
        tags,
        summary: 'Set your own presence; sending the same status again records activity',
        body: presenceBody,
        response: { 200: presenceView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'tickets:write');
      const row = await withActor(db, actor, (tx) => users.setPresence(tx, actor, request.body.status));
      const { organization_id: _, ...view } = row;
      return view;
    },
  );
  app.get(
    '/presence',
    {
      schema: {
        tags,
        summary: 'Who is online, away or offline (a vendor user sees only its vendor’s people)',
        querystring: presenceListQuery,
        response: { 200: presenceListView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'users:read');
      const { vendor_id, status } = request.query;
      const items = await withActor(db, actor, (tx) =>
        users.listPresence(tx, { vendorId: vendor_id, status }),
      );
      return { items };
    },
  );
};
