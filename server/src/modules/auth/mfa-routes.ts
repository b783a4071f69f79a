import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { Forbidden } from '../../platform/errors.js';
import * as mfa from './mfa-service.js';
import {
  idParams,
  loginResponse,
  mfaConfirmBody,
  mfaConfirmed,
  mfaDisableBody,
  mfaEnrolBody,
  mfaEnrolment,
  mfaPolicy,
  mfaReset,
  mfaStatus,
  mfaVerifyBody,
} from './schemas.js';
import { setSessionCookies } from './session-cookies.js';
import type { LoginResult } from './sessions.js';

function sessionActor(request: FastifyRequest) {
  const actor = requireActor(request);
  if (request.authMethod !== 'session')
    throw new Forbidden(
      'Two-step sign-in is set up and turned off from a signed-in session, not with an API token',
    );
  return actor;
}

/** Multi-factor authentication (docs/security.md), registered inside authRoutes. */
export const mfaRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const { db } = ctx.database;
  const tags = ['auth'];
  const signedIn = (s: LoginResult) => ({
    actor: s.actor,
    csrfToken: s.csrfToken,
    expiresAt: s.expiresAt.toISOString(),
  });

  app.post(
    '/auth/mfa/verify',
    {
      schema: {
        tags,
        summary: 'Second step of signing in: a 6-digit code or a recovery code for the challenge',
        security: [],
        body: mfaVerifyBody,
        response: { 200: loginResponse },
      },
    },
    async (request, reply) => {
      const session = await mfa.verifySignIn(db, ctx.config, request.body.challenge, request.body.code);
      await setSessionCookies(reply, ctx.config, session, db);
      return signedIn(session);
    },
  );

  /**
   * A signed-in user, or (without a session) the sign-in challenge in the body. Not an API token: a
   * leaked token must not be able to put an authenticator of its holder's on the account.
   */
  const enrollee = (request: FastifyRequest, challenge?: string): mfa.Enrollee => {
    if (challenge) return { challenge };
    return { actor: sessionActor(request) };
  };

  app.post(
    '/auth/mfa/enrol',
    {
      schema: {
        tags,
        summary: 'Start setting up an authenticator app (the secret is shown once)',
        security: [],
        body: mfaEnrolBody,
        response: { 200: mfaEnrolment },
      },
    },
    async (request) => mfa.enrol(db, ctx.config, enrollee(request, request.body.challenge)),
  );

  app.post(
    '/auth/mfa/confirm',
    {
      schema: {
        tags,
        summary: 'Turn MFA on with a code from the new authenticator; returns the recovery codes once',
        security: [],
        body: mfaConfirmBody,
        response: { 200: mfaConfirmed },
      },
    },
    async (request, reply) => {
      const who = enrollee(request, request.body.challenge);
      const result = await mfa.confirm(db, ctx.config, who, request.body.code);
      if (result.session) await setSessionCookies(reply, ctx.config, result.session, db);
      return {
        recoveryCodes: result.recoveryCodes,
        signedIn: result.session ? signedIn(result.session) : null,
      };
    },
  );

  app.get(
    '/auth/mfa',
    {
      schema: {
        tags,
        summary: 'My two-step sign-in: on or off, required, recovery codes left',
        response: { 200: mfaStatus },
      },
    },
    async (request) => mfa.status(db, requireActor(request)),
  );

  app.post(
    '/auth/mfa/disable',
    {
      schema: {
        tags,
        summary: 'Turn my MFA off (needs a current code or a recovery code)',
        body: mfaDisableBody,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await mfa.disable(db, ctx.config, sessionActor(request), request.body.code);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/users/:id/mfa/reset',
    {
      schema: {
        tags,
        summary: "Reset a user's MFA (a lost phone): users:write, for users the admin may manage",
        params: idParams,
        response: { 200: mfaReset },
      },
    },
    async (request) => mfa.reset(db, requireActor(request, 'users:write'), request.params.id),
  );

  app.get(
    '/auth/mfa/policy',
    { schema: { tags, summary: 'Who must use MFA (security:manage)', response: { 200: mfaPolicy } } },
    async (request) => mfa.getPolicy(db, requireActor(request, 'security:manage')),
  );

  app.put(
    '/auth/mfa/policy',
    {
      schema: {
        tags,
        summary: 'Set who must use MFA (security:manage; brand admins)',
        body: mfaPolicy,
        response: { 200: mfaPolicy },
      },
    },
    async (request) => mfa.setPolicy(db, requireActor(request, 'security:manage'), request.body.required_for),
  );
};
