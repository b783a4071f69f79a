import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { withActor } from '../../platform/db/transaction.js';
import { DomainError } from '../../platform/errors.js';
import { FilterError, parseFilter } from './filter.js';
import { getGroup, groupResource, listGroups, patchGroup } from './groups.js';
import { readPatch, readUserBody, ScimInvalid } from './patch.js';
import {
  listResponse,
  MAX_PAGE,
  resourceTypes,
  SCIM,
  SCIM_CONTENT_TYPE,
  schemas,
  serviceProviderConfig,
  userResource,
} from './resources.js';
import * as scim from './service.js';

export const SCIM_PREFIX = '/scim/v2';

/** Renders an error in the SCIM error schema (RFC 7644 §3.12). */
function scimError(reply: FastifyReply, status: number, detail: string, scimType?: string) {
  return reply
    .code(status)
    .type(SCIM_CONTENT_TYPE)
    .send({ schemas: [SCIM.error], status: String(status), ...(scimType ? { scimType } : {}), detail });
}

const tokens = new WeakMap<FastifyRequest, scim.ScimToken>();
const tokenOf = (request: FastifyRequest) => tokens.get(request)!;

const idParams = z.object({ id: z.string().max(200) });
const listQuery = z.object({
  filter: z.string().max(2000).optional(),
  startIndex: z.coerce.number().int().optional(),
  count: z.coerce.number().int().optional(),
  attributes: z.string().optional(),
  excludedAttributes: z.string().optional(),
});
const body = z.record(z.string(), z.unknown());

/**
 * SCIM 2.0 (RFC 7643/7644) for one vendor's identity provider, under /scim/v2, authenticated only by
 * a vendor SCIM token (the app-wide hook leaves these paths alone). Bodies and answers are
 * application/scim+json; errors use the SCIM error schema rather than problem+json.
 */
export const scimRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const { db } = ctx.database;
  const tags = ['scim'];
  const baseOf = (request: FastifyRequest) =>
    `${(ctx.config.TANDEM_PUBLIC_URL ?? `${request.protocol}://${request.host}`).replace(/\/$/, '')}${SCIM_PREFIX}`;

  app.addContentTypeParser(SCIM_CONTENT_TYPE, { parseAs: 'string' }, (_request, text, done) => {
    try {
      done(null, text === '' ? undefined : JSON.parse(text as string));
    } catch {
      done(Object.assign(new Error('The body is not JSON'), { statusCode: 400 }), undefined);
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    const token = match ? await scim.scimTokenFor(db, match[1]!) : null;
    if (!token) return scimError(reply, 401, 'Send a live vendor SCIM token: Authorization: Bearer …');
    tokens.set(request, token);
    request.actor = scim.scimActor(token);
    request.authMethod = 'token';
  });

  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof FilterError) return scimError(reply, 400, err.message, 'invalidFilter');
    if (err instanceof ScimInvalid) return scimError(reply, 400, err.message, err.scimType);
    if (hasZodFastifySchemaValidationErrors(err)) return scimError(reply, 400, err.message, 'invalidValue');
    if (err instanceof DomainError) {
      if (err.status === 409) return scimError(reply, 409, err.message, 'uniqueness');
      if (err.status === 422) return scimError(reply, 400, err.message, 'invalidValue');
      return scimError(reply, err.status, err.message);
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) return scimError(reply, status, err.message, 'invalidSyntax');
    request.log.error({ err }, 'unhandled SCIM error');
    return scimError(reply, 500, 'Something went wrong on our side');
  });
  app.setNotFoundHandler((request, reply) =>
    scimError(reply, 404, `No SCIM endpoint ${request.method} ${request.url}`),
  );

  const send = (reply: FastifyReply, status: number, payload: unknown) =>
    reply.code(status).type(SCIM_CONTENT_TYPE).send(payload);

  app.get(
    '/ServiceProviderConfig',
    { schema: { tags, summary: 'SCIM service provider configuration' } },
    (request, reply) => send(reply, 200, serviceProviderConfig(baseOf(request))),
  );
  app.get('/ResourceTypes', { schema: { tags, summary: 'SCIM resource types' } }, (request, reply) => {
    const types = resourceTypes(baseOf(request));
    return send(reply, 200, listResponse(types, types.length, 1));
  });
  app.get('/Schemas', { schema: { tags, summary: 'SCIM schemas' } }, (request, reply) => {
    const all = schemas(baseOf(request));
    return send(reply, 200, listResponse(all, all.length, 1));
  });

  app.get(
    '/Users',
    {
      schema: {
        tags,
        summary: 'List the vendor’s users (filter, startIndex, count)',
        querystring: listQuery,
      },
    },
    async (request, reply) => {
      const token = tokenOf(request);
      const { filter, startIndex, count } = request.query;
      // RFC 7644 §3.4.2.4: below 1 means 1, a negative count means 0.
      const start = Math.max(1, startIndex ?? 1);
      const limit = Math.min(MAX_PAGE, Math.max(0, count ?? 100));
      const parsed = filter ? parseFilter(filter) : undefined;
      const { rows, total } = await withActor(db, request.actor!, (tx) =>
        scim.listUsers(tx, token, { filter: parsed, offset: start - 1, limit }),
      );
      const base = baseOf(request);
      return send(
        reply,
        200,
        listResponse(
          rows.map((u) => userResource(u, base)),
          total,
          start,
        ),
      );
    },
  );
  app.get(
    '/Users/:id',
    { schema: { tags, summary: 'Get one user', params: idParams } },
    async (request, reply) => {
      const user = await withActor(db, request.actor!, (tx) =>
        scim.getUser(tx, tokenOf(request), request.params.id),
      );
      return send(reply, 200, userResource(user, baseOf(request)));
    },
  );
  app.post(
    '/Users',
    { schema: { tags, summary: 'Create a user of the token’s vendor', body } },
    async (request, reply) => {
      const changes = readUserBody(request.body);
      const user = await withActor(db, request.actor!, (tx) =>
        scim.createScimUser(tx, tokenOf(request), changes),
      );
      const resource = userResource(user, baseOf(request));
      return send(reply.header('location', resource.meta.location), 201, resource);
    },
  );
  app.put(
    '/Users/:id',
    { schema: { tags, summary: 'Replace a user', params: idParams, body } },
    async (request, reply) => {
      const changes = readUserBody(request.body);
      const user = await withActor(db, request.actor!, (tx) =>
        scim.changeScimUser(tx, tokenOf(request), request.params.id, changes, 'replace'),
      );
      return send(reply, 200, userResource(user, baseOf(request)));
    },
  );
  app.patch(
    '/Users/:id',
    {
      schema: { tags, summary: 'Change a user (PatchOp); active false deprovisions', params: idParams, body },
    },
    async (request, reply) => {
      const changes = readPatch(request.body);
      const user = await withActor(db, request.actor!, (tx) =>
        scim.changeScimUser(tx, tokenOf(request), request.params.id, changes, 'patch'),
      );
      return send(reply, 200, userResource(user, baseOf(request)));
    },
  );
  app.delete(
    '/Users/:id',
    { schema: { tags, summary: 'Deprovision (deactivate) a user', params: idParams } },
    async (request, reply) => {
      await withActor(db, request.actor!, (tx) =>
        scim.deleteScimUser(tx, tokenOf(request), request.params.id),
      );
      return reply.code(204).send();
    },
  );

  // Groups are the vendor's teams: listed and read, and only their members change (groups.ts).
  app.get(
    '/Groups',
    {
      schema: {
        tags,
        summary: 'The vendor’s teams as groups (filter displayName eq)',
        querystring: listQuery,
      },
    },
    async (request, reply) => {
      const { filter, startIndex, count } = request.query;
      const start = Math.max(1, startIndex ?? 1);
      const limit = Math.min(MAX_PAGE, Math.max(0, count ?? 100));
      const parsed = filter ? parseFilter(filter) : undefined;
      const { rows, total } = await withActor(db, request.actor!, (tx) =>
        listGroups(tx, tokenOf(request), { filter: parsed, offset: start - 1, limit }),
      );
      const base = baseOf(request);
      return send(
        reply,
        200,
        listResponse(
          rows.map((g) => groupResource(g, base)),
          total,
          start,
        ),
      );
    },
  );
  app.get(
    '/Groups/:id',
    { schema: { tags, summary: 'One team as a group', params: idParams } },
    async (request, reply) => {
      const team = await withActor(db, request.actor!, (tx) =>
        getGroup(tx, tokenOf(request), request.params.id),
      );
      return send(reply, 200, groupResource(team, baseOf(request)));
    },
  );
  app.patch(
    '/Groups/:id',
    { schema: { tags, summary: 'Add or remove a team’s members', params: idParams, body } },
    async (request, reply) => {
      const team = await withActor(db, request.actor!, (tx) =>
        patchGroup(tx, tokenOf(request), request.params.id, request.body),
      );
      return send(reply, 200, groupResource(team, baseOf(request)));
    },
  );
};
