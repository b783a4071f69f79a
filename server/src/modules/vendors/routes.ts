import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { withActor } from '../../platform/db/transaction.js';
import { createOnce } from '../../platform/http/idempotency.js';
import { decodeCursor, pageOf, toPage } from '../../platform/http/pagination.js';
import {
  idParams,
  siteCreate,
  siteListQuery,
  siteUpdate,
  siteView,
  teamCreate,
  teamListQuery,
  teamUpdate,
  teamView,
  vendorCreate,
  vendorListQuery,
  vendorUpdate,
  vendorView,
} from './schemas.js';
import * as vendors from './service.js';

export const vendorRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const { db } = ctx.database;

  app.get(
    '/vendors',
    {
      schema: {
        tags: ['vendors'],
        summary: 'List vendors (a vendor user sees only its own)',
        querystring: vendorListQuery,
        response: { 200: pageOf(vendorView) },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'vendors:read');
      const { limit, cursor, kind, status, sort } = request.query;
      const rows = await withActor(db, actor, (tx) =>
        vendors.listVendors(tx, { kind, status, sort, limit, cursor: decodeCursor(cursor) }),
      );
      return toPage(rows, limit, (v) => v[sort]);
    },
  );
  app.get(
    '/vendors/:id',
    {
      schema: { tags: ['vendors'], summary: 'Get a vendor', params: idParams, response: { 200: vendorView } },
    },
    async (request) => {
      const actor = requireActor(request, 'vendors:read');
      return withActor(db, actor, (tx) => vendors.getVendor(tx, request.params.id));
    },
  );
  app.post(
    '/vendors',
    {
      schema: {
        tags: ['vendors'],
        summary: 'Create a vendor',
        body: vendorCreate,
        response: { 201: vendorView },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'vendors:write');
      return createOnce(db, request, reply, actor, (tx) => vendors.createVendor(tx, actor, request.body));
    },
  );
  app.patch(
    '/vendors/:id',
    {
      schema: {
        tags: ['vendors'],
        summary: 'Change a vendor',
        params: idParams,
        body: vendorUpdate,
        response: { 200: vendorView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'vendors:write');
      return withActor(db, actor, (tx) => vendors.updateVendor(tx, actor, request.params.id, request.body));
    },
  );

  app.get(
    '/sites',
    {
      schema: {
        tags: ['sites'],
        summary: 'List sites',
        querystring: siteListQuery,
        response: { 200: pageOf(siteView) },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'vendors:read');
      const { limit, cursor, vendor_id, status } = request.query;
      const rows = await withActor(db, actor, (tx) =>
        vendors.listSites(tx, { vendorId: vendor_id, status, limit, cursor: decodeCursor(cursor) }),
      );
      return toPage(rows, limit, (s) => s.name);
    },
  );
  app.get(
    '/sites/:id',
    { schema: { tags: ['sites'], summary: 'Get a site', params: idParams, response: { 200: siteView } } },
    async (request) => {
      const actor = requireActor(request, 'vendors:read');
      return withActor(db, actor, (tx) => vendors.getSite(tx, request.params.id));
    },
  );
  app.post(
    '/sites',
    { schema: { tags: ['sites'], summary: 'Create a site', body: siteCreate, response: { 201: siteView } } },
    async (request, reply) => {
      const actor = requireActor(request, 'sites:write');
      return createOnce(db, request, reply, actor, (tx) => vendors.createSite(tx, actor, request.body));
    },
  );
  app.patch(
    '/sites/:id',
    {
      schema: {
        tags: ['sites'],
        summary: 'Change a site, including marking it down',
        params: idParams,
        body: siteUpdate,
        response: { 200: siteView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'sites:write');
      return withActor(db, actor, (tx) => vendors.updateSite(tx, actor, request.params.id, request.body));
    },
  );

  app.get(
    '/teams',
    {
      schema: {
        tags: ['teams'],
        summary: 'List teams',
        querystring: teamListQuery,
        response: { 200: pageOf(teamView) },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'vendors:read');
      const { limit, cursor, vendor_id, site_id } = request.query;
      const rows = await withActor(db, actor, (tx) =>
        vendors.listTeams(tx, { vendorId: vendor_id, siteId: site_id, limit, cursor: decodeCursor(cursor) }),
      );
      return toPage(rows, limit, (t) => t.name);
    },
  );
  app.get(
    '/teams/:id',
    { schema: { tags: ['teams'], summary: 'Get a team', params: idParams, response: { 200: teamView } } },
    async (request) => {
      const actor = requireActor(request, 'vendors:read');
      return withActor(db, actor, (tx) => vendors.getTeam(tx, request.params.id));
    },
  );
  app.post(
    '/teams',
    { schema: { tags: ['teams'], summary: 'Create a team', body: teamCreate, response: { 201: teamView } } },
    async (request, reply) => {
      const actor = requireActor(request, 'teams:write');
      return createOnce(db, request, reply, actor, (tx) => vendors.createTeam(tx, actor, request.body));
    },
  );
  app.patch(
    '/teams/:id',
    {
      schema: {
        tags: ['teams'],
        summary: 'Change a team',
        params: idParams,
        body: teamUpdate,
        response: { 200: teamView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'teams:write');
      return withActor(db, actor, (tx) => vendors.updateTeam(tx, actor, request.params.id, request.body));
    },
  );
};
