import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/auth/context.js';
import { PERMISSIONS, roleAllows } from '../../platform/auth/permissions.js';
import type { AppContext } from '../../platform/context.js';
import { withActor } from '../../platform/db/transaction.js';
import { decodeCursor, pageOf, pageQuery, toPage } from '../../platform/http/pagination.js';
import { CSRF_COOKIE, SESSION_COOKIE } from './authenticate.js';
import { endOwnSession, listSessions } from './device-sessions.js';
import { mfaRoutes } from './mfa-routes.js';
import { profileOf } from './repository.js';
import {
  createdToken,
  idParams,
  loginBody,
  loginResponse,
  meView,
  mfaRequiredResponse,
  passwordBody,
  passwordChanged,
  sessionList,
  tokenBody,
  tokenView,
} from './schemas.js';
import * as auth from './service.js';
import { setSessionCookies } from './session-cookies.js';
import { ssoRoutes } from './sso-routes.js';

export const authRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const { db } = ctx.database;
  const tags = ['auth'];

  app.post(
    '/auth/login',
    {
      schema: {
        tags,
        summary: 'Sign in with email and password (or get an MFA challenge: docs/security.md)',
        security: [],
        body: loginBody,
        response: { 200: z.union([loginResponse, mfaRequiredResponse]) },
      },
    },
    async (request, reply) => {
      const result = await auth.login(db, ctx.config, request.body.email, request.body.password, request.ip);
      if ('mfaRequired' in result) return { ...result, expiresAt: result.expiresAt.toISOString() };
      await setSessionCookies(reply, ctx.config, result, db);
      return { actor: result.actor, csrfToken: result.csrfToken, expiresAt: result.expiresAt.toISOString() };
    },
  );

  await app.register(mfaRoutes, ctx);
  await app.register(ssoRoutes, ctx);

  app.post(
    '/auth/logout',
    { schema: { tags, summary: 'End this session', response: { 204: z.null() } } },
    async (request, reply) => {
      const session = request.cookies[SESSION_COOKIE];
      if (session) await auth.logout(db, session);
      reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    { schema: { tags, summary: 'Who am I, and what may I do', response: { 200: meView } } },
    async (request) => {
      const actor = requireActor(request);
      // Name and vendor in the same answer: the console's first paint waits for this one call.
      const profile = await withActor(db, actor, (tx) => profileOf(tx, actor.userId));
      return {
        ...actor,
        displayName: profile?.display_name ?? '',
        email: profile?.email ?? '',
        vendorName: profile?.vendor_name ?? null,
        permissions: PERMISSIONS.filter((p) => roleAllows(actor.role, p, actor.scopes)),
      };
    },
  );

  app.get(
    '/auth/sessions',
    {
      schema: {
        tags,
        summary: 'My signed-in sessions and devices (the current one marked)',
        response: { 200: sessionList },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const current = request.authMethod === 'session' ? request.cookies[SESSION_COOKIE] : undefined;
      return { items: await withActor(db, actor, (tx) => listSessions(tx, actor.userId, current)) };
    },
  );

  app.delete(
    '/auth/sessions/:id',
    {
      schema: {
        tags,
        summary: 'Sign out one of my sessions (another device, or this one)',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await withActor(db, actor, (tx) => endOwnSession(tx, actor, request.params.id));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/auth/password',
    {
      schema: {
        tags,
        summary: 'Change my password (ends my other sessions; revokeTokens also revokes my API tokens)',
        body: passwordBody,
        response: { 200: passwordChanged },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return auth.changePassword(db, actor, request.body, request.cookies[SESSION_COOKIE]);
    },
  );

  app.get(
    '/tokens',
    {
      schema: {
        tags,
        summary: 'API tokens I may see',
        querystring: z.object(pageQuery),
        response: { 200: pageOf(tokenView) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const cursor = decodeCursor(request.query.cursor);
      const after = cursor ? { createdAt: String(cursor.value), id: cursor.id } : undefined;
      const rows = await withActor(db, actor, (tx) =>
        auth.listTokens(tx, actor, { limit: request.query.limit, after }),
      );
      return toPage(rows, request.query.limit, (t) => t.created_at);
    },
  );

  app.post(
    '/tokens',
    {
      schema: {
        tags,
        summary: 'Issue an API token (the secret is shown once)',
        body: tokenBody,
        response: { 201: createdToken },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      // Not createOnce: a replay store would have to keep the secret, which is shown once and never stored.
      const created = await withActor(db, actor, (tx) => auth.createToken(tx, actor, request.body));
      return reply.code(201).send(created);
    },
  );

  app.delete(
    '/tokens/:id',
    { schema: { tags, summary: 'Revoke an API token', params: idParams, response: { 200: tokenView } } },
    async (request) => {
      const actor = requireActor(request);
      return withActor(db, actor, (tx) => auth.revokeToken(tx, actor, request.params.id));
    },
  );
};
