import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { withActor, withSystem } from '../../platform/db/transaction.js';
import { DomainError, Forbidden, NotFound } from '../../platform/errors.js';
import {
  findOrganizationBySlug,
  loadChatSecret,
  ticketOfVisitorChat,
  verifyVisitorToken,
} from '../channels/chat/index.js';
import { askPage, messagePage, SURVEY_CSP, thanksPage } from './page.js';
import * as repo from './repository.js';
import {
  answerBody,
  answerResult,
  chatRating,
  idParams,
  responseList,
  responseQuery,
  scoreQuery,
  surveyDetail,
  surveySettings,
  surveySettingsUpdate,
  tokenParams,
} from './schemas.js';
import { surveySecret } from './secret.js';
import * as service from './service.js';
import { verifySurveyToken } from './token.js';

const wantsJson = (request: FastifyRequest) => /application\/json/.test(request.headers.accept ?? '');

function html(reply: FastifyReply, status: number, body: string) {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', SURVEY_CSP)
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('x-content-type-options', 'nosniff')
    .send(body as never);
}

const TITLES: Record<number, string> = {
  400: 'That answer could not be saved',
  403: 'This answer can no longer be changed',
  404: 'This survey link is not valid',
  409: 'This survey has already been answered',
};

/**
 * The public survey pages (no log-in): `/s/{token}` asks, records a one-click rating, and takes a
 * comment or a change with the edit token. Browsers get HTML pages; `Accept: application/json` gets
 * JSON and problem+json, so the same endpoint serves scripts and tests.
 */
export const publicSurveyRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const { db } = ctx.database;
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 16_384 },
    (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    },
  );

  const surveyOf = async (token: string) => {
    const surveyId = verifySurveyToken(await surveySecret(db, ctx.config), token);
    if (!surveyId) throw new NotFound('Survey');
    return surveyId;
  };

  async function answer(
    request: FastifyRequest,
    reply: FastifyReply,
    token: string,
    input: service.AnswerInput,
  ) {
    try {
      const secret = await surveySecret(db, ctx.config);
      const surveyId = await surveyOf(token);
      // The signed token is the authorisation: the transaction touches only the survey it names.
      const result = await withSystem(db, (tx) =>
        service.answerSurvey(tx, secret, surveyId, input, ctx.config),
      );
      const out = {
        survey_id: surveyId,
        kind: result.survey.kind,
        version: result.response.version,
        score: result.response.score,
        comment: result.response.comment,
        edit_token: result.editToken,
        edit_until: result.editUntil.toISOString(),
      };
      if (wantsJson(request)) return reply.send(out as never);
      return html(
        reply,
        200,
        thanksPage({
          kind: result.survey.kind,
          action: `/s/${token}`,
          score: out.score,
          comment: out.comment,
          editToken: out.edit_token,
          editUntil: result.editUntil,
          version: out.version,
        }),
      );
    } catch (err) {
      if (wantsJson(request) || !(err instanceof DomainError)) throw err;
      return html(reply, err.status, messagePage(TITLES[err.status] ?? 'Something went wrong', err.message));
    }
  }

  app.get(
    '/s/:token',
    {
      schema: {
        tags: ['surveys'],
        summary: 'Public survey page: shows the question, or records a one-click rating (?score=)',
        params: tokenParams,
        querystring: scoreQuery,
      },
    },
    async (request, reply) => {
      const { token } = request.params;
      if (request.query.score !== undefined)
        return answer(request, reply, token, { score: request.query.score });
      try {
        const surveyId = await surveyOf(token);
        const survey = await withSystem(db, (tx) => repo.findSurvey(tx, surveyId));
        if (!survey) throw new NotFound('Survey', surveyId);
        if (survey.answered_at) {
          if (wantsJson(request)) return reply.code(409).send({ answered: true } as never);
          return html(reply, 409, messagePage(TITLES[409]!, 'Thank you, we have your answer.'));
        }
        if (wantsJson(request)) return reply.send({ kind: survey.kind, answered: false } as never);
        return html(reply, 200, askPage(survey.kind, `/s/${token}`));
      } catch (err) {
        if (wantsJson(request) || !(err instanceof DomainError)) throw err;
        return html(reply, err.status, messagePage(TITLES[err.status] ?? 'Not found', err.message));
      }
    },
  );

  app.post(
    '/s/:token',
    {
      schema: {
        tags: ['surveys'],
        summary:
          'Public survey answer: the first answer, or a change (with the edit token) that is kept as a new version',
        params: tokenParams,
        body: answerBody,
        response: { 200: answerResult },
      },
    },
    (request, reply) => answer(request, reply, request.params.token, request.body),
  );
};

export const surveyRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const { db } = ctx.database;
  const tags = ['surveys'];
  let chatSecret: Promise<string> | undefined;

  app.post(
    '/public/chat-ratings',
    {
      schema: {
        tags,
        summary: 'Chat end: the widget’s visitor rates the chat 1–5 (visitor token, no log-in)',
        description:
          'Answers the chat ticket’s CSAT survey. A second call is refused unless it carries the edit token from the first, within the edit window; every version is kept.',
        body: chatRating,
        response: { 200: answerResult },
      },
    },
    async (request) => {
      const body = request.body;
      const org = await findOrganizationBySlug(db, body.organization);
      if (!org) throw new NotFound('Organization', body.organization);
      chatSecret ??= ctx.config.TANDEM_CHAT_SECRET
        ? Promise.resolve(ctx.config.TANDEM_CHAT_SECRET)
        : loadChatSecret(db);
      const visitorId = verifyVisitorToken(await chatSecret, org.id, body.visitor_token);
      if (!visitorId)
        throw new Forbidden('Not a valid visitor token', [
          { path: 'body.visitor_token', message: 'invalid' },
        ]);
      const secret = await surveySecret(db, ctx.config);
      const result = await withSystem(db, async (tx) => {
        const ticket = await ticketOfVisitorChat(tx, {
          organizationId: org.id,
          ticketId: body.ticket_id,
          visitorId,
        });
        if (!ticket) throw new NotFound('Chat', body.ticket_id);
        return service.rateChat(tx, secret, ticket, body, ctx.config);
      });
      return {
        survey_id: result.survey.id,
        kind: result.survey.kind,
        version: result.response.version,
        score: result.response.score,
        comment: result.response.comment,
        edit_token: result.editToken,
        edit_until: result.editUntil.toISOString(),
      };
    },
  );

  app.get(
    '/surveys/responses',
    {
      schema: {
        tags,
        summary:
          'Survey answers (newest version of each), with full-text search in comments; vendor users see their vendor’s',
        querystring: responseQuery,
        response: { 200: responseList },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'analytics:read');
      const items = await withActor(db, actor, (tx) => service.searchResponses(tx, actor, request.query));
      return { items };
    },
  );

  app.get(
    '/surveys/:id',
    {
      schema: {
        tags,
        summary: 'One survey with every version of its answer',
        params: idParams,
        response: { 200: surveyDetail },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'analytics:read');
      const { survey, versions } = await withActor(db, actor, (tx) =>
        service.surveyDetail(tx, request.params.id),
      );
      return { ...survey, versions };
    },
  );

  app.get(
    '/survey-settings',
    { schema: { tags, summary: 'Which surveys the brand sends', response: { 200: surveySettings } } },
    async (request) => {
      const actor = requireActor(request, 'analytics:read');
      return withActor(db, actor, (tx) => repo.settings(tx, actor.organizationId));
    },
  );

  app.patch(
    '/survey-settings',
    {
      schema: {
        tags,
        summary: 'Turn CSAT, NPS and CES on or off; whether a lower CES is better',
        body: surveySettingsUpdate,
        response: { 200: surveySettings },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'analytics:manage');
      if (actor.vendorId)
        throw new Forbidden('Brand admins only', [{ path: 'body', message: 'brand users only' }]);
      return withActor(db, actor, (tx) => repo.saveSettings(tx, actor.organizationId, request.body));
    },
  );
};
