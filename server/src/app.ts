import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { activityRoutes } from './modules/activity/index.js';
import { analyticsRoutes } from './modules/analytics/index.js';
import { attachmentRoutes } from './modules/attachments/index.js';
import { auditRoutes } from './modules/audit/index.js';
import { authRoutes, registerAuthentication } from './modules/auth/index.js';
import { billingRoutes } from './modules/billing/index.js';
import { calendarRoutes } from './modules/calendars/index.js';
import { chatRoutes, widgetRoutes } from './modules/channels/chat/index.js';
import { supportAddressRoutes } from './modules/channels/email/index.js';
import { channelRoutes } from './modules/channels/index.js';
import { phoneRoutes } from './modules/channels/phone/index.js';
import { webFormRoutes } from './modules/channels/web/index.js';
import { customerRoutes } from './modules/customers/index.js';
import { erasureRoutes } from './modules/erasure/index.js';
import { macroRoutes } from './modules/macros/index.js';
import { offboardingRoutes } from './modules/offboarding/index.js';
import { operationsRoutes } from './modules/operations/index.js';
import { organizationRoutes } from './modules/organizations/index.js';
import { privacyRoutes } from './modules/privacy/index.js';
import { qaCheckRoutes, qaCoachingRoutes, qaRoutes, qaSamplingRoutes } from './modules/qa/index.js';
import { realtimeRoutes } from './modules/realtime/index.js';
import { businessReviewRoutes } from './modules/reviews/index.js';
import { routingRoutes } from './modules/routing/index.js';
import { savedViewRoutes } from './modules/saved-views/index.js';
import { SCIM_PREFIX, scimRoutes, scimTokenRoutes } from './modules/scim/index.js';
import { serviceLevelRoutes, slaRoutes } from './modules/sla/index.js';
import { publicSurveyRoutes, surveyRoutes } from './modules/surveys/index.js';
import { ticketActivityRoutes } from './modules/ticket-activity/index.js';
import { ticketRoutes } from './modules/tickets/index.js';
import { timelineRoutes } from './modules/timeline/index.js';
import { userRoutes } from './modules/users/index.js';
import { vendorRoutes } from './modules/vendors/index.js';
import { webAppRoutes } from './modules/web-app/index.js';
import { webhookRoutes } from './modules/webhooks/index.js';
import type { AppContext } from './platform/context.js';
import { registerObservability } from './platform/http/observability.js';
import { registerProblemHandlers } from './platform/http/problem.js';
import { registerTextGuard } from './platform/http/text-guard.js';

/** What every module's routes receive: the database, the validated config, the logger and the event bus. */
export type { AppContext } from './platform/context.js';

export type App = FastifyInstance;

const REQUEST_ID = /^[\w.-]{1,64}$/;

function trustedProxies(setting: string): string[] | false {
  const list = setting
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  return list.length ? list : false;
}

/** Builds the HTTP app: platform plugins first, then each domain module under /api/v1. */
export async function buildApp(ctx: AppContext): Promise<App> {
  const app = Fastify({
    loggerInstance: ctx.logger as FastifyBaseLogger,
    bodyLimit: ctx.config.TANDEM_BODY_LIMIT_BYTES,
    // Keep a caller's X-Request-Id when it is sane, so logs join across services.
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    // Only the configured proxies may name the client (X-Forwarded-For); anyone else could forge it
    // and walk past per-address limits.
    trustProxy: trustedProxies(ctx.config.TANDEM_TRUSTED_PROXIES),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tandem API',
        version: '1.0.0',
        description: 'Helpdesk and vendor governance for brands that run support with outsourced partners.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'API token from `tandem token create`' },
          session: { type: 'apiKey', in: 'cookie', name: 'tandem_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  registerProblemHandlers(app);
  registerTextGuard(app);
  registerObservability(app, ctx.database, ctx.config.TANDEM_METRICS);
  await app.register(cookie);
  // Chat widget sockets (and the agents' realtime socket); frames above 64 KiB close the socket.
  // Client messages on any socket are small signals; 64 KB bounds what one frame can cost us.
  await app.register(websocket, { options: { maxPayload: 65_536 } });
  registerAuthentication(app, ctx);

  await app.register(
    async (api) => {
      await api.register(authRoutes, ctx);
      await api.register(auditRoutes, ctx);
      await api.register(organizationRoutes, ctx);
      await api.register(operationsRoutes, ctx);
      await api.register(vendorRoutes, ctx);
      await api.register(offboardingRoutes, ctx);
      await api.register(userRoutes, ctx);
      await api.register(customerRoutes, ctx);
      await api.register(privacyRoutes, ctx);
      await api.register(erasureRoutes, ctx);
      await api.register(ticketRoutes, ctx);
      await api.register(timelineRoutes, ctx);
      await api.register(savedViewRoutes, ctx);
      await api.register(macroRoutes, ctx);
      await api.register(ticketActivityRoutes, ctx);
      await api.register(routingRoutes, ctx);
      await api.register(supportAddressRoutes, ctx);
      await api.register(attachmentRoutes, ctx);
      await api.register(webhookRoutes, ctx);
      await api.register(channelRoutes, ctx);
      await api.register(chatRoutes, ctx);
      await api.register(realtimeRoutes, ctx);
      await api.register(phoneRoutes, ctx);
      await api.register(webFormRoutes, ctx);
      await api.register(slaRoutes, ctx);
      await api.register(calendarRoutes, ctx);
      await api.register(serviceLevelRoutes, ctx);
      await api.register(analyticsRoutes, ctx);
      await api.register(activityRoutes, ctx);
      await api.register(surveyRoutes, ctx);
      await api.register(businessReviewRoutes, ctx);
      await api.register(qaRoutes, ctx);
      await api.register(qaCheckRoutes, ctx);
      await api.register(qaSamplingRoutes, ctx);
      await api.register(qaCoachingRoutes, ctx);
      await api.register(billingRoutes, ctx);
      await api.register(scimTokenRoutes, ctx);
    },
    { prefix: '/api/v1' },
  );
  await app.register(scimRoutes, { ...ctx, prefix: SCIM_PREFIX });
  await app.register(widgetRoutes, ctx);
  await app.register(publicSurveyRoutes, ctx);
  // Last: the console's catch-all GET must not shadow anything above.
  await app.register(webAppRoutes, ctx);
  return app;
}
