import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { type Actor, type Tx, withActor } from '../../platform/db/transaction.js';
import { jsonOrCsv, wantsCsv } from '../../platform/http/csv.js';
import { recordExport } from '../audit/index.js';
import { invoiceCsv, invoiceFilename, renderInvoice } from './layout.js';
import { reconciliationRoutes } from './reconciliation.routes.js';
import {
  contractCreate,
  contractDatesPatch,
  contractList,
  contractListQuery,
  contractView,
  costPerContactQuery,
  costPerContactReport,
  idParams,
  invoiceCreate,
  invoiceList,
  invoiceListQuery,
  invoiceQuery,
  invoiceView,
  versionCreate,
} from './schemas.js';
import * as billing from './service.js';
import { tcoRoutes } from './tco.routes.js';
import { inhouseCostPerContactOf } from './tco.service.js';

/** An invoice for its CSV or PDF, the export audited in the transaction that read it. */
async function invoiceExport(tx: Tx, actor: Actor, request: FastifyRequest, id: string, format?: 'pdf') {
  const document = await billing.getInvoiceDocument(tx, id);
  await recordExport(tx, actor, request, {
    objectType: 'vendor_invoice',
    objectId: document.invoice.id,
    vendorId: document.invoice.vendor_id,
    ...(format ? { format } : {}),
  });
  return document;
}

/** Billing: vendor contracts (dated versions) and monthly invoices with service-level credits. docs/billing.md. */
export const billingRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const { db } = ctx.database;
  const tags = ['billing'];
  await app.register(reconciliationRoutes, ctx);
  await app.register(tcoRoutes, ctx);

  app.get(
    '/billing/contracts',
    {
      schema: {
        tags,
        summary: 'Vendor contracts with every version (a vendor’s admins: their own vendor’s)',
        querystring: contractListQuery,
        response: { 200: contractList },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'billing:read');
      return withActor(db, actor, (tx) => billing.listContracts(tx, request.query));
    },
  );
  app.post(
    '/billing/contracts',
    {
      schema: {
        tags,
        summary: 'Create a vendor contract with its version 1',
        body: contractCreate,
        response: { 201: contractView },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'billing:manage');
      const created = await withActor(db, actor, (tx) => billing.createContract(tx, actor, request.body));
      return reply.code(201).send(created);
    },
  );
  app.get(
    '/billing/contracts/:id',
    { schema: { tags, summary: 'A vendor contract', params: idParams, response: { 200: contractView } } },
    async (request) => {
      const actor = requireActor(request, 'billing:read');
      return withActor(db, actor, (tx) => billing.getContract(tx, request.params.id));
    },
  );
  app.patch(
    '/billing/contracts/:id',
    {
      schema: {
        tags,
        summary: 'Change a contract’s term end, notice period or renewal: only the fields named',
        params: idParams,
        body: contractDatesPatch,
        response: { 200: contractView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'billing:manage');
      return withActor(db, actor, (tx) =>
        billing.updateContractDates(tx, actor, request.params.id, request.body),
      );
    },
  );
  app.post(
    '/billing/contracts/:id/versions',
    {
      schema: {
        tags,
        summary: 'Add the next version from its effective day; the version before ends that day',
        params: idParams,
        body: versionCreate,
        response: { 201: contractView },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'billing:manage');
      const contract = await withActor(db, actor, (tx) =>
        billing.addVersion(tx, actor, request.params.id, request.body),
      );
      return reply.code(201).send(contract);
    },
  );
  app.post(
    '/billing/contracts/:id/invoices',
    {
      schema: {
        tags,
        summary:
          'Compute the contract’s invoice of a month from measured volumes and service levels (201), or recompute its draft (200); an approved invoice is frozen (409)',
        params: idParams,
        body: invoiceCreate,
        response: { 200: invoiceView, 201: invoiceView },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'billing:manage');
      const { created, invoice } = await withActor(db, actor, (tx) =>
        billing.computeInvoice(tx, actor, request.params.id, request.body.month),
      );
      return reply.code(created ? 201 : 200).send(invoice);
    },
  );
  app.get(
    '/billing/invoices',
    {
      schema: {
        tags,
        summary: 'Vendor invoices, newest month first (a vendor’s admins: their own vendor’s)',
        querystring: invoiceListQuery,
        response: { 200: invoiceList },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'billing:read');
      return withActor(db, actor, (tx) => billing.listInvoices(tx, request.query));
    },
  );
  app.get(
    '/billing/cost-per-contact',
    {
      schema: {
        tags,
        summary:
          'Cost per contact of a month: each invoice’s total over the handled contacts it measured, or shared by channel or site',
        description:
          '`group_by=channel|site` shares each invoice’s total out (whole minor units summing exactly to it; docs/billing.md). A vendor’s admins see their own vendor’s. `?format=csv` or `Accept: text/csv` returns the same rows as CSV.',
        querystring: costPerContactQuery,
        response: { 200: costPerContactReport },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'billing:read');
      const report = await withActor(db, actor, async (tx) => {
        const result = await billing.costPerContactOf(tx, request.query);
        const inhouse = await inhouseCostPerContactOf(tx, actor, request.query.month);
        await recordExport(tx, actor, request, { objectType: 'cost_per_contact' });
        return { ...result, inhouse };
      });
      return jsonOrCsv(request, reply, report, (r) => {
        // By channel or site, the group's column follows the invoice's status; by vendor, as before.
        const group = r.group_by === 'channel' ? 'channel' : r.group_by === 'site' ? 'site_id' : null;
        return {
          filename: `cost-per-contact-${r.month}${r.group_by ? `-by-${r.group_by}` : ''}`,
          header: [
            'vendor_id',
            'contract_id',
            'invoice_id',
            'invoice_status',
            ...(group ? [group] : []),
            'currency',
            'total_minor',
            'handled_contacts',
            'cost_per_contact_minor',
            'variant',
          ],
          rows: r.rows.map((x) => [
            x.vendor_id,
            x.contract_id,
            x.invoice_id,
            x.invoice_status,
            ...(group ? [(x as { channel?: string | null; site_id?: string | null })[group]] : []),
            x.currency,
            x.numerator_minor,
            x.denominator,
            x.value_minor,
            x.variant,
          ]),
        };
      });
    },
  );
  app.get(
    '/billing/invoices/:id',
    {
      schema: {
        tags,
        summary: 'A vendor invoice',
        description:
          '`?format=csv` or `Accept: text/csv` returns its lines (minor units, with the currency; credits with the service level, target, actual and points) and one `total` line per currency.',
        params: idParams,
        querystring: invoiceQuery,
        response: { 200: invoiceView },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'billing:read');
      // The vendor's and contract's names only for the CSV's file name: JSON stays one query.
      if (!wantsCsv(request)) return withActor(db, actor, (tx) => billing.getInvoice(tx, request.params.id));
      const document = await withActor(db, actor, (tx) =>
        invoiceExport(tx, actor, request, request.params.id),
      );
      return jsonOrCsv(request, reply, document.invoice, (i) =>
        invoiceCsv(i, invoiceFilename(document, 'csv')),
      );
    },
  );
  app.get(
    '/billing/invoices/:id.pdf',
    {
      schema: {
        tags,
        summary: 'A vendor invoice as a PDF',
        description:
          'Vendor, contract, month and status (a draft is marked DRAFT), each line with quantity, rate and amount, ' +
          'the credits with the service level and attainment behind them, totals per currency and notes; the same ' +
          'numbers as the JSON. A vendor’s admins: their own vendor’s (another vendor’s id reads as not found).',
        params: idParams,
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'billing:read');
      const document = await withActor(db, actor, (tx) =>
        invoiceExport(tx, actor, request, request.params.id, 'pdf'),
      );
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${invoiceFilename(document, 'pdf')}"`)
        .header('cache-control', 'private, no-store')
        .send(renderInvoice(document));
    },
  );
  app.post(
    '/billing/invoices/:id/approve',
    {
      schema: {
        tags,
        summary: 'Approve a draft invoice: its lines and totals are frozen from now on',
        params: idParams,
        response: { 200: invoiceView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'billing:manage');
      return withActor(db, actor, (tx) => billing.approveInvoice(tx, actor, request.params.id));
    },
  );
};
