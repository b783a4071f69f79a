import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { withActor } from '../../platform/db/transaction.js';
import {
  coachingActionCreate,
  coachingActionList,
  coachingActionListQuery,
  coachingActionPatch,
  coachingActionView,
  coachingSessionCreate,
  coachingSessionHeld,
  coachingSessionList,
  coachingSessionListQuery,
  coachingSessionPatch,
  coachingSessionView,
  coachingTzQuery,
} from './coaching.schemas.js';
import * as coaching from './coaching.service.js';
import { idParams } from './schemas.js';

/** QA coaching: sessions from reviews with action items, due dates and follow-up. docs/qa.md "Coaching". */
export const qaCoachingRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const { db } = ctx.database;
  const tags = ['qa'];

  app.get(
    '/qa/coaching-sessions',
    {
      schema: {
        tags,
        summary:
          'Coaching sessions you may read: coaches all of their vendor’s (the brand: all); an agent their own; a team lead their team’s',
        querystring: coachingSessionListQuery,
        response: { 200: coachingSessionList },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'tickets:read');
      return withActor(db, actor, (tx) => coaching.listSessions(tx, actor, request.query));
    },
  );
  app.post(
    '/qa/coaching-sessions',
    {
      schema: {
        tags,
        summary: 'Plan a coaching session from submitted reviews of one agent, with action items',
        body: coachingSessionCreate,
        response: { 201: coachingSessionView },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'qa:coach');
      const session = await withActor(db, actor, (tx) => coaching.createSession(tx, actor, request.body));
      return reply.code(201).send(session);
    },
  );
  app.get(
    '/qa/coaching-sessions/:id',
    {
      schema: {
        tags,
        summary: 'A coaching session with its action items',
        params: idParams,
        querystring: coachingTzQuery,
        response: { 200: coachingSessionView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'tickets:read');
      return withActor(db, actor, (tx) =>
        coaching.getSession(tx, actor, request.params.id, request.query.tz),
      );
    },
  );
  app.patch(
    '/qa/coaching-sessions/:id',
    {
      schema: {
        tags,
        summary: 'Change a coaching session (coach, time, notes, cancel); only the fields named change',
        params: idParams,
        body: coachingSessionPatch,
        response: { 200: coachingSessionView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'qa:coach');
      return withActor(db, actor, (tx) => coaching.patchSession(tx, actor, request.params.id, request.body));
    },
  );
  app.post(
    '/qa/coaching-sessions/:id/held',
    {
      schema: {
        tags,
        summary: 'Mark a planned coaching session held',
        params: idParams,
        body: coachingSessionHeld,
        response: { 200: coachingSessionView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'qa:coach');
      return withActor(db, actor, (tx) => coaching.holdSession(tx, actor, request.params.id, request.body));
    },
  );
  app.post(
    '/qa/coaching-sessions/:id/actions',
    {
      schema: {
        tags,
        summary: 'Add an action item with a due date',
        params: idParams,
        body: coachingActionCreate,
        response: { 201: coachingActionView },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'qa:coach');
      const action = await withActor(db, actor, (tx) =>
        coaching.addAction(tx, actor, request.params.id, request.body),
      );
      return reply.code(201).send(action);
    },
  );
  app.get(
    '/qa/coaching-actions',
    {
      schema: {
        tags,
        summary: 'Action items you may read, soonest due first; overdue=true lists the overdue ones',
        querystring: coachingActionListQuery,
        response: { 200: coachingActionList },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'tickets:read');
      return withActor(db, actor, (tx) => coaching.listActions(tx, actor, request.query));
    },
  );
  app.patch(
    '/qa/coaching-actions/:id',
    {
      schema: {
        tags,
        summary:
          'Change an action item (done, follow-up, due date); only the fields named. The coached agent may change only its status',
        params: idParams,
        body: coachingActionPatch,
        response: { 200: coachingActionView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'tickets:read');
      return withActor(db, actor, (tx) => coaching.patchAction(tx, actor, request.params.id, request.body));
    },
  );
};
