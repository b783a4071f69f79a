import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../../platform/auth/context.js';
import type { AppContext } from '../../../platform/context.js';
import { withActor } from '../../../platform/db/transaction.js';
import { phoneEvent, phoneEventResult } from './schemas.js';
import { recordPhoneEvent } from './service.js';

export const phoneRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const { db } = ctx.database;
  app.post(
    '/channels/phone/events',
    {
      schema: {
        tags: ['channels'],
        summary:
          'CTI intake: a call was offered, answered, ended or abandoned (API token with channels:ingest)',
        description:
          'Each call (call_id) becomes one phone ticket of the caller’s customer, found or created by the E.164 caller number. ' +
          'Events may arrive late, twice or out of order: each event type is recorded once per call, and the call record is ' +
          'rebuilt from all events received, so it is the raw data for AHT, ASA, abandonment and service level.',
        security: [{ bearer: [] }],
        body: phoneEvent,
        response: { 200: phoneEventResult },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'channels:ingest');
      return withActor(db, actor, (tx) =>
        recordPhoneEvent(tx, actor, request.body, ctx.config.TANDEM_PHONE_DEFAULT_COUNTRY),
      );
    },
  );
};
