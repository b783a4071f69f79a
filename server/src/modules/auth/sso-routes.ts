import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { keyringOf } from '../../platform/crypto/keyring.js';
import { DomainError, Forbidden, NotFound } from '../../platform/errors.js';
import { setSessionCookies } from './session-cookies.js';
import {
  ssoIdParams,
  ssoOptions,
  ssoProviderCreate,
  ssoProviderPatch,
  ssoProviderView,
  ssoStartQuery,
} from './sso-schemas.js';
import * as sso from './sso-service.js';

/** The browser's half of a sign-in's state: sent back only to the callback, by a top-level GET (Lax). */
const STATE_COOKIE = 'tandem_sso';
const STATE_PATH = '/api/v1/auth/sso';

/**
 * Why a sign-in ended on the sign-in page, as a code the page words itself: a message in the URL
 * would let anyone put their own words on our sign-in page.
 */
function failureCode(err: unknown): 'expired' | 'refused' | 'failed' {
  if (err instanceof Forbidden) return 'refused';
  if (err instanceof DomainError && err.status === 401 && /start again/.test(err.message)) return 'expired';
  return 'failed';
}

/** Single sign-on with OpenID Connect: docs/security.md#single-sign-on. */
export const ssoRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const { db } = ctx.database;
  const tags = ['auth'];
  const keyring = () => keyringOf(db, ctx.config);
  const secure =
    ctx.config.TANDEM_COOKIE_SECURE === 'auto'
      ? ctx.config.publicUrl.startsWith('https:')
      : ctx.config.TANDEM_COOKIE_SECURE === 'true';

  app.get(
    '/auth/sso/options',
    {
      schema: {
        tags,
        summary: 'The single sign-on buttons of the sign-in page',
        security: [],
        response: { 200: ssoOptions },
      },
    },
    async () => ({ items: await sso.signInOptions(db) }),
  );

  app.get(
    '/auth/sso/:id/start',
    {
      schema: {
        tags,
        summary: 'Go to the identity provider to sign in (a redirect)',
        security: [],
        params: ssoIdParams,
        querystring: ssoStartQuery,
        response: { 302: z.null() },
      },
    },
    async (request, reply) => {
      const started = await sso.startSignIn(
        db,
        ctx.config,
        keyring(),
        request.params.id,
        request.query.redirect,
      );
      reply.setCookie(STATE_COOKIE, started.state, {
        path: STATE_PATH,
        httpOnly: true,
        sameSite: 'lax',
        secure,
        maxAge: started.maxAgeSeconds,
      });
      return reply.redirect(started.url, 302);
    },
  );

  app.get(
    '/auth/sso/:id/callback',
    {
      schema: {
        tags,
        summary: 'Where the identity provider sends the browser back; opens the session and goes on',
        security: [],
        params: ssoIdParams,
        response: { 302: z.null() },
      },
    },
    async (request, reply) => {
      reply.clearCookie(STATE_COOKIE, { path: STATE_PATH });
      try {
        const url = new URL(request.url, ctx.config.publicUrl);
        const { session, redirectTo } = await sso.finishSignIn(
          db,
          ctx.config,
          keyring(),
          request.params.id,
          url,
          request.cookies[STATE_COOKIE],
        );
        await setSessionCookies(reply, ctx.config, session, db);
        return reply.redirect(redirectTo, 302);
      } catch (err) {
        if (err instanceof NotFound) throw err;
        request.log.warn({ err, provider: request.params.id }, 'single sign-on refused');
        return reply.redirect(`/sign-in?sso_error=${failureCode(err)}`, 302);
      }
    },
  );

  app.get(
    '/sso/providers',
    {
      schema: {
        tags,
        summary: 'Identity providers: one per vendor and one for the brand’s staff',
        response: { 200: z.object({ items: z.array(ssoProviderView) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'security:manage');
      return { items: await sso.listProviders(db, actor) };
    },
  );
  app.post(
    '/sso/providers',
    {
      schema: {
        tags,
        summary: 'Add a vendor’s (or the brand’s) OpenID Connect identity provider',
        body: ssoProviderCreate,
        response: { 201: ssoProviderView },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'security:manage');
      const created = await sso.createProvider(db, keyring(), actor, request.body);
      return reply.code(201).send(created);
    },
  );
  app.patch(
    '/sso/providers/:id',
    {
      schema: {
        tags,
        summary: 'Change an identity provider; only the fields named change',
        params: ssoIdParams,
        body: ssoProviderPatch,
        response: { 200: ssoProviderView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'security:manage');
      return sso.updateProvider(db, keyring(), actor, request.params.id, request.body);
    },
  );
  app.delete(
    '/sso/providers/:id',
    {
      schema: {
        tags,
        summary: 'Remove an identity provider',
        params: ssoIdParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'security:manage');
      await sso.deleteProvider(db, actor, request.params.id);
      return reply.code(204).send(null);
    },
  );
};
