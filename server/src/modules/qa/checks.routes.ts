import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { withActor } from '../../platform/db/transaction.js';
import {
  findingDismiss,
  findingList,
  findingListQuery,
  findingView,
  voiceLanguageParams,
  voiceRulesList,
  voiceRulesPut,
  voiceRulesView,
} from './checks.schemas.js';
import * as checks from './checks.service.js';
import { idParams } from './schemas.js';

/** Automated QA checks: the brand's voice rules and the findings on agents' replies. docs/qa.md. */
export const qaCheckRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const { db } = ctx.database;
  const tags = ['qa'];

  app.get(
    '/qa/voice-rules',
    {
      schema: {
        tags,
        summary: 'The brand’s voice rules, one set per language (* applies to every language)',
        response: { 200: voiceRulesList },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'qa:review');
      return withActor(db, actor, (tx) => checks.listVoiceRules(tx));
    },
  );
  app.put(
    '/qa/voice-rules/:language',
    {
      schema: {
        tags,
        summary: 'Replace the voice rules of one language (brand admins)',
        params: voiceLanguageParams,
        body: voiceRulesPut,
        response: { 200: voiceRulesView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'qa:manage');
      return withActor(db, actor, (tx) =>
        checks.putVoiceRules(tx, actor, request.params.language, request.body),
      );
    },
  );
  app.get(
    '/qa/check-findings',
    {
      schema: {
        tags,
        summary: 'Findings of the automated checks on agents’ public replies you may see, newest first',
        querystring: findingListQuery,
        response: { 200: findingList },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'qa:review');
      return withActor(db, actor, (tx) => checks.listFindings(tx, request.query));
    },
  );
  app.post(
    '/qa/check-findings/:id/dismiss',
    {
      schema: {
        tags,
        summary: 'Dismiss a finding with a reason (brand QA and admins; a vendor’s QA its own vendor’s)',
        params: idParams,
        body: findingDismiss,
        response: { 200: findingView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'qa:review');
      return withActor(db, actor, (tx) =>
        checks.dismissFinding(tx, actor, request.params.id, request.body.reason),
      );
    },
  );
};
