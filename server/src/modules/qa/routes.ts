import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { withActor } from '../../platform/db/transaction.js';
import { jsonOrCsv } from '../../platform/http/csv.js';
import { recordExport } from '../audit/index.js';
import * as calibration from './calibration.service.js';
import * as disputes from './disputes.service.js';
import { iqsReport } from './iqs.service.js';
import {
  calibrationCreate,
  calibrationList,
  calibrationListQuery,
  calibrationParams,
  calibrationScoreCreate,
  calibrationScoreView,
  calibrationView,
  disputeAccept,
  disputeCreate,
  disputeList,
  disputeListQuery,
  disputeReject,
  disputeView,
  graderList,
  idParams,
  iqsQuery,
  iqsReport as iqsReportSchema,
  reviewCreate,
  reviewDetail,
  reviewList,
  reviewListQuery,
  reviewPatch,
  reviewView,
  scorecardCreate,
  scorecardDetail,
  scorecardList,
  scorecardUpdate,
  versionCreate,
} from './schemas.js';
import * as qa from './service.js';

/** QA: scorecards (versioned) and reviews of agents' tickets scored on them. docs/qa.md. */
export const qaRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const { db } = ctx.database;
  const tags = ['qa'];

  app.get(
    '/qa/scorecards',
    {
      schema: {
        tags,
        summary: 'Scorecards you can see: the brand’s and your vendor’s own, each with its current version',
        response: { 200: scorecardList },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'tickets:read');
      return withActor(db, actor, (tx) => qa.listScorecards(tx));
    },
  );
  app.post(
    '/qa/scorecards',
    {
      schema: {
        tags,
        summary:
          'Create a scorecard with its version 1 (brand: the brand’s or a vendor’s; vendor users: their own)',
        body: scorecardCreate,
        response: { 201: scorecardDetail },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'qa:manage');
      const created = await withActor(db, actor, (tx) => qa.createScorecard(tx, actor, request.body));
      return reply.code(201).send(created);
    },
  );
  app.get(
    '/qa/scorecards/:id',
    {
      schema: {
        tags,
        summary: 'A scorecard with every version',
        params: idParams,
        response: { 200: scorecardDetail },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'tickets:read');
      return withActor(db, actor, (tx) => qa.getScorecard(tx, request.params.id));
    },
  );
  app.patch(
    '/qa/scorecards/:id',
    {
      schema: {
        tags,
        summary: 'Rename or (de)activate a scorecard; its sections change only through a new version',
        params: idParams,
        body: scorecardUpdate,
        response: { 200: scorecardDetail },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'qa:manage');
      return withActor(db, actor, (tx) => qa.updateScorecard(tx, actor, request.params.id, request.body));
    },
  );
  app.post(
    '/qa/scorecards/:id/versions',
    {
      schema: {
        tags,
        summary: 'Create the next version; earlier versions and the reviews scored on them stay as they were',
        params: idParams,
        body: versionCreate,
        response: { 201: scorecardDetail },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'qa:manage');
      const scorecard = await withActor(db, actor, (tx) =>
        qa.createVersion(tx, actor, request.params.id, request.body),
      );
      return reply.code(201).send(scorecard);
    },
  );

  app.get(
    '/qa/reviews',
    {
      schema: {
        tags,
        summary:
          'QA reviews you may read: reviewers all of their vendor’s (the brand: all); agents and team leads submitted ones of themselves and their team',
        querystring: reviewListQuery,
        response: { 200: reviewList },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'tickets:read');
      return withActor(db, actor, (tx) => qa.listReviews(tx, actor, request.query));
    },
  );
  app.post(
    '/qa/reviews',
    {
      schema: {
        tags,
        summary: 'Draft a review of a ticket on a scorecard’s current version',
        body: reviewCreate,
        response: { 201: reviewView },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'qa:review');
      const review = await withActor(db, actor, (tx) => qa.createReview(tx, actor, request.body));
      return reply.code(201).send(review);
    },
  );
  app.get(
    '/qa/reviews/:id',
    {
      schema: {
        tags,
        summary: 'A QA review with its disputes and, once one was accepted, every revision of its score',
        params: idParams,
        response: { 200: reviewDetail },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'tickets:read');
      return withActor(db, actor, (tx) => disputes.reviewDetail(tx, actor, request.params.id));
    },
  );
  app.patch(
    '/qa/reviews/:id',
    {
      schema: {
        tags,
        summary: 'Change a draft’s answers or comment (only the fields named)',
        params: idParams,
        body: reviewPatch,
        response: { 200: reviewView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'qa:review');
      return withActor(db, actor, (tx) => qa.patchReview(tx, actor, request.params.id, request.body));
    },
  );
  app.post(
    '/qa/reviews/:id/submit',
    {
      schema: {
        tags,
        summary: 'Submit a draft: scored on its own version and shown to the agent and their lead',
        params: idParams,
        response: { 200: reviewView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'qa:review');
      return withActor(db, actor, (tx) => qa.submitReview(tx, actor, request.params.id));
    },
  );

  app.post(
    '/qa/reviews/:id/disputes',
    {
      schema: {
        tags,
        summary:
          'Dispute a submitted review, or one criterion of it (the reviewed agent, their team lead or vendor admin)',
        params: idParams,
        body: disputeCreate,
        response: { 201: disputeView },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'qa:dispute');
      const dispute = await withActor(db, actor, (tx) =>
        disputes.raiseDispute(tx, actor, request.params.id, request.body),
      );
      return reply.code(201).send(dispute);
    },
  );
  app.get(
    '/qa/disputes',
    {
      schema: {
        tags,
        summary: 'Disputes of reviews you may read, newest first, with counts by state',
        querystring: disputeListQuery,
        response: { 200: disputeList },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'tickets:read');
      return withActor(db, actor, (tx) => disputes.listDisputes(tx, actor, request.query));
    },
  );
  app.get(
    '/qa/disputes/:id',
    { schema: { tags, summary: 'A dispute', params: idParams, response: { 200: disputeView } } },
    async (request) => {
      const actor = requireActor(request, 'tickets:read');
      return withActor(db, actor, (tx) => disputes.getDispute(tx, actor, request.params.id));
    },
  );
  app.post(
    '/qa/disputes/:id/accept',
    {
      schema: {
        tags,
        summary:
          'Accept an open dispute (the brand): rescore the review as a new revision, keeping the earlier',
        params: idParams,
        body: disputeAccept,
        response: { 200: disputeView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'qa:review');
      return withActor(db, actor, (tx) => disputes.acceptDispute(tx, actor, request.params.id, request.body));
    },
  );
  app.post(
    '/qa/disputes/:id/reject',
    {
      schema: {
        tags,
        summary: 'Reject an open dispute (the brand) with a comment; the score stands',
        params: idParams,
        body: disputeReject,
        response: { 200: disputeView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'qa:review');
      return withActor(db, actor, (tx) => disputes.rejectDispute(tx, actor, request.params.id, request.body));
    },
  );

  app.get(
    '/qa/calibrations',
    {
      schema: {
        tags,
        summary: 'Calibration sessions you can see (a vendor’s users: their vendor’s only)',
        querystring: calibrationListQuery,
        response: { 200: calibrationList },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'qa:review');
      return withActor(db, actor, (tx) => calibration.listSessions(tx, request.query));
    },
  );
  app.post(
    '/qa/calibrations',
    {
      schema: {
        tags,
        summary:
          'Create a calibration session: a scorecard version, conversations, reviewers and a benchmark',
        body: calibrationCreate,
        response: { 201: calibrationView },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'qa:manage');
      const session = await withActor(db, actor, (tx) => calibration.createSession(tx, actor, request.body));
      return reply.code(201).send(session);
    },
  );
  app.get(
    '/qa/calibrations/graders',
    {
      schema: {
        tags,
        summary: 'Grade the grader: each reviewer’s mean alignment with the benchmark across closed sessions',
        response: { 200: graderList },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'qa:review');
      return withActor(db, actor, (tx) => calibration.graders(tx));
    },
  );
  app.get(
    '/qa/calibrations/:id',
    {
      schema: {
        tags,
        summary: 'A calibration session; scores are blind (only your own) until it is closed',
        params: idParams,
        response: { 200: calibrationView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'qa:review');
      return withActor(db, actor, (tx) => calibration.getSession(tx, actor, request.params.id));
    },
  );
  app.post(
    '/qa/calibrations/:id/tickets/:ticketId/scores',
    {
      schema: {
        tags,
        summary: 'Score one conversation of the session, blind and once (participants only)',
        params: calibrationParams,
        body: calibrationScoreCreate,
        response: { 201: calibrationScoreView },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'qa:review');
      const score = await withActor(db, actor, (tx) =>
        calibration.submitScore(tx, actor, request.params.id, request.params.ticketId, request.body),
      );
      return reply.code(201).send(score);
    },
  );
  app.post(
    '/qa/calibrations/:id/close',
    {
      schema: {
        tags,
        summary:
          'Close the session (its lead): alignment per reviewer and per criterion, then scores are shown',
        params: idParams,
        response: { 200: calibrationView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'qa:manage');
      return withActor(db, actor, (tx) => calibration.closeSession(tx, actor, request.params.id));
    },
  );

  app.get(
    '/qa/iqs',
    {
      schema: {
        tags,
        summary:
          'IQS (internal quality score): mean score of the reviews submitted in a period, per group and total',
        description:
          'Each figure carries its numerator (sum of scores), denominator (reviews) and variant. Drafts and calibration scores never count. A vendor’s users see their own vendor’s reviews only. `?format=csv` or `Accept: text/csv` returns the same rows as CSV. docs/qa.md#iqs.',
        querystring: iqsQuery,
        response: { 200: iqsReportSchema },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'analytics:read');
      const report = await withActor(db, actor, async (tx) => {
        const result = await iqsReport(tx, request.query);
        await recordExport(tx, actor, request, { objectType: 'qa_iqs_report' });
        return result;
      });
      const line = (key: string, label: string | null, f: typeof report.total) => [
        key,
        label,
        f.numerator,
        f.denominator,
        f.value,
        f.variant,
      ];
      return jsonOrCsv(request, reply, report, (r) => ({
        filename: `iqs-${r.group_by}-${r.from.slice(0, 10)}-${r.to.slice(0, 10)}`,
        header: ['key', 'label', 'numerator', 'denominator', 'value', 'variant'],
        rows: [...r.rows.map((x) => line(x.key ?? '', x.label, x.iqs)), line('total', null, r.total)],
      }));
    },
  );
};
