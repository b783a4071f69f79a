import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { withActor } from '../../platform/db/transaction.js';
import {
  assignmentList,
  assignmentListQuery,
  samplingRuleCreate,
  samplingRuleList,
  samplingRulePatch,
  samplingRuleView,
  samplingRun,
  samplingRunResult,
} from './sampling.schemas.js';
import { createRule, lastWeek, listAssignments, listRules, patchRule, runRule } from './sampling.service.js';
import { idParams } from './schemas.js';

/** QA sampling: rules that pick conversations to review each week, and the assignments. docs/qa.md. */
export const qaSamplingRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const { db } = ctx.database;
  const tags = ['qa'];

  app.get(
    '/qa/sampling-rules',
    {
      schema: {
        tags,
        summary: 'Sampling rules you can see: the brand’s, or your vendor’s own',
        response: { 200: samplingRuleList },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'qa:review');
      return withActor(db, actor, (tx) => listRules(tx));
    },
  );
  app.post(
    '/qa/sampling-rules',
    {
      schema: {
        tags,
        summary: 'Create a sampling rule (random, or targeted by signals); the weekly run applies it',
        body: samplingRuleCreate,
        response: { 201: samplingRuleView },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'qa:manage');
      const rule = await withActor(db, actor, (tx) => createRule(tx, actor, request.body));
      return reply.code(201).send(rule);
    },
  );
  app.patch(
    '/qa/sampling-rules/:id',
    {
      schema: {
        tags,
        summary: 'Change a sampling rule; only the fields named change',
        params: idParams,
        body: samplingRulePatch,
        response: { 200: samplingRuleView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'qa:manage');
      return withActor(db, actor, (tx) => patchRule(tx, actor, request.params.id, request.body));
    },
  );
  app.post(
    '/qa/sampling-rules/:id/run',
    {
      schema: {
        tags,
        summary: 'Sample a week now (default: last week); once per rule and week',
        description:
          'The weekly job does this every Monday for every active rule. A second run of the same week picks nothing new and returns what the first made.',
        params: idParams,
        body: samplingRun,
        response: { 200: samplingRunResult },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'qa:manage');
      return withActor(db, actor, (tx) =>
        runRule(tx, actor, request.params.id, request.body.week ?? lastWeek()),
      );
    },
  );
  app.get(
    '/qa/assignments',
    {
      schema: {
        tags,
        summary: 'Conversations sampled for review, soonest due first',
        querystring: assignmentListQuery,
        response: { 200: assignmentList },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'qa:review');
      return withActor(db, actor, (tx) => listAssignments(tx, request.query));
    },
  );
};
