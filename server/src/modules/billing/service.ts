import type { z } from 'zod';
import type { Actor, Tx } from '../../platform/db/transaction.js';
import { Conflict, type FieldError, Invalid, NotFound } from '../../platform/errors.js';
import { billableHandledBySite, billableVolumes } from '../analytics/index.js';
import { record } from '../audit/index.js';
import { attainment, listTargets } from '../sla/index.js';
import { getVendor } from '../vendors/index.js';
import { currentTermEnd, dayOf, nextReminder, noticeDeadline } from './contract-dates.js';
import { costPerContactByChannel, costPerContactBySite } from './cost-allocation.js';
import {
  type ContractVersion,
  computeInvoice as compute,
  costPerContact,
  type InvoiceInput,
  type InvoiceLine,
  type MeasuredVolume,
  monthDays,
} from './invoice.js';
import * as repo from './repository.js';
import type {
  contractCreate,
  contractDatesPatch,
  contractListQuery,
  costPerContactQuery,
  invoiceListQuery,
  versionCreate,
} from './schemas.js';

/**
 * Vendor contracts (dated versions of prices, minimum commitment and service-level credit rules)
 * and their monthly invoices. Only brand admins write; a vendor's admins read their own vendor's
 * (row-level security hides the rest, so a foreign id is simply not found). docs/billing.md.
 */

type VersionInput = z.output<typeof versionCreate>;
/** A version's terms as stored: everything but its dates and currency, which are columns. */
type StoredTerms = Omit<VersionInput, 'currency' | 'effective_from' | 'effective_to'>;
type Contract = NonNullable<Awaited<ReturnType<typeof repo.findContract>>>;
type Invoice = NonNullable<Awaited<ReturnType<typeof repo.findInvoice>>>;

async function withVersions(tx: Tx, contracts: Contract[]) {
  const versions = await repo.versionsOf(
    tx,
    contracts.map((c) => c.id),
  );
  const today = dayOf(new Date());
  return contracts.map((c) => ({
    ...c,
    current_term_ends_on: currentTermEnd(c, today),
    notice_deadline: noticeDeadline(c, today),
    next_reminder: nextReminder(c, today),
    versions: versions
      .filter((v) => v.contract_id === c.id)
      .map(({ terms, ...v }) => ({ ...v, ...(terms as StoredTerms) })),
  }));
}

export async function listContracts(tx: Tx, query: z.output<typeof contractListQuery>) {
  return { items: await withVersions(tx, await repo.listContracts(tx, query.vendor_id)) };
}

export async function getContract(tx: Tx, id: string) {
  const contract = await repo.findContract(tx, id);
  if (!contract) throw new NotFound('Contract', id);
  return (await withVersions(tx, [contract]))[0]!;
}

/** Credit rules may name only the vendor's own contract service-level targets. */
async function checkCreditRules(tx: Tx, vendorId: string, input: VersionInput, path: string) {
  const targets = new Set((await listTargets(tx, vendorId)).map((t) => t.id));
  const errors: FieldError[] = [];
  input.credit_rules.forEach((rule, i) => {
    if (!targets.has(rule.service_level_target_id))
      errors.push({
        path: `${path}.credit_rules.${i}.service_level_target_id`,
        message: 'not a service-level target of the contract’s vendor',
      });
  });
  if (input.effective_to !== null && input.effective_to <= input.effective_from)
    errors.push({ path: `${path}.effective_to`, message: 'must be after effective_from' });
  if (errors.length) throw new Invalid('The contract version does not fit the vendor', errors);
}

function insertVersion(tx: Tx, actor: Actor, contractId: string, version: number, input: VersionInput) {
  const { effective_from, effective_to, currency, ...terms } = input;
  return repo.insertVersion(tx, {
    organization_id: actor.organizationId,
    contract_id: contractId,
    version,
    effective_from,
    effective_to,
    currency,
    terms: JSON.stringify(terms satisfies StoredTerms),
    created_by: actor.userId,
  });
}

/** A contract that renews by itself needs the months a renewal adds. */
function checkRenewal(c: { auto_renews: boolean; renewal_term_months: number | null }) {
  if (c.auto_renews && c.renewal_term_months === null)
    throw new Invalid('An auto-renewing contract needs a renewal term', [
      { path: 'body.renewal_term_months', message: 'required (1–120) when the contract auto-renews' },
    ]);
}

export async function createContract(tx: Tx, actor: Actor, input: z.output<typeof contractCreate>) {
  if (!(await repo.findVendor(tx, input.vendor_id)))
    throw new Invalid('Unknown vendor', [{ path: 'body.vendor_id', message: 'unknown vendor' }]);
  await checkCreditRules(tx, input.vendor_id, input.version, 'body.version');
  checkRenewal(input);
  const contract = await repo
    .insertContract(tx, {
      organization_id: actor.organizationId,
      vendor_id: input.vendor_id,
      name: input.name,
      term_ends_on: input.term_ends_on,
      notice_days: input.notice_days,
      auto_renews: input.auto_renews,
      renewal_term_months: input.renewal_term_months,
      created_by: actor.userId,
    })
    .catch((err: { code?: string }) => {
      if (err.code === '23505')
        throw new Invalid('The vendor has a contract with this name', [
          { path: 'body.name', message: 'taken' },
        ]);
      throw err;
    });
  await insertVersion(tx, actor, contract.id, 1, input.version);
  await record(tx, actor, {
    action: 'contract.created',
    objectType: 'vendor_contract',
    objectId: contract.id,
    vendorId: input.vendor_id,
    details: {
      name: input.name,
      version: input.version,
      term_ends_on: input.term_ends_on,
      notice_days: input.notice_days,
      auto_renews: input.auto_renews,
      renewal_term_months: input.renewal_term_months,
    },
  });
  return getContract(tx, contract.id);
}

/** Changes only the named term, notice and renewal fields; auto-renewal needs a renewal term. */
export async function updateContractDates(
  tx: Tx,
  actor: Actor,
  id: string,
  patch: z.output<typeof contractDatesPatch>,
) {
  const contract = await repo.findContract(tx, id, { lock: true });
  if (!contract) throw new NotFound('Contract', id);
  const named = Object.fromEntries(
    Object.entries(patch).filter(([, v]) => v !== undefined),
  ) as repo.ContractDatesPatch;
  const after = { ...contract, ...named };
  checkRenewal(after);
  const fields = Object.keys(named) as (keyof repo.ContractDatesPatch)[];
  if (!fields.length) return getContract(tx, id);
  await repo.updateContractDates(tx, id, named);
  await record(tx, actor, {
    action: 'contract.dates_changed',
    objectType: 'vendor_contract',
    objectId: id,
    vendorId: contract.vendor_id,
    details: Object.fromEntries(fields.map((f) => [f, { from: contract[f], to: after[f] }])),
  });
  return getContract(tx, id);
}

/** Version N+1 from its effective day; the version before ends that day. Earlier terms never change. */
export async function addVersion(tx: Tx, actor: Actor, id: string, input: VersionInput) {
  const contract = await repo.findContract(tx, id, { lock: true });
  if (!contract) throw new NotFound('Contract', id);
  await checkCreditRules(tx, contract.vendor_id, input, 'body');
  const versions = await repo.versionsOf(tx, [id]);
  const latest = versions[versions.length - 1]!;
  if (input.effective_from <= latest.effective_from)
    throw new Invalid('A new version starts after the current one', [
      { path: 'body.effective_from', message: `must be after ${latest.effective_from}` },
    ]);
  if (latest.effective_to === null || latest.effective_to > input.effective_from)
    await repo.endVersion(tx, latest.id, input.effective_from);
  await insertVersion(tx, actor, id, latest.version + 1, input);
  await repo.touchContract(tx, id);
  await record(tx, actor, {
    action: 'contract.version_added',
    objectType: 'vendor_contract',
    objectId: id,
    vendorId: contract.vendor_id,
    details: { name: contract.name, version: latest.version + 1, terms: input },
  });
  return getContract(tx, id);
}

// --- Invoices --------------------------------------------------------------------------------------

function invoiceView({ inputs, ...i }: Invoice) {
  const measured = inputs as Pick<InvoiceInput, 'volumes' | 'attainments' | 'productive_hours_measured'>;
  return {
    ...i,
    lines: i.lines as InvoiceLine[],
    totals: i.totals as Record<string, never>,
    notes: i.notes as string[],
    // What the invoice was computed from, so a reader can check every line.
    measured: {
      volumes: measured.volumes,
      attainments: measured.attainments,
      productive_hours_measured: measured.productive_hours_measured,
    },
  };
}

export async function listInvoices(tx: Tx, query: z.output<typeof invoiceListQuery>) {
  const rows = await repo.listInvoices(tx, {
    vendorId: query.vendor_id,
    contractId: query.contract_id,
    month: query.month,
  });
  return { items: rows.map(invoiceView) };
}

export async function getInvoice(tx: Tx, id: string) {
  const invoice = await repo.findInvoice(tx, id);
  if (!invoice) throw new NotFound('Invoice', id);
  return invoiceView(invoice);
}

/** The invoice with its vendor's and contract's names, for the PDF; another vendor's id is not found. */
export async function getInvoiceDocument(tx: Tx, id: string) {
  const invoice = await getInvoice(tx, id);
  const [vendor, contract] = await Promise.all([
    getVendor(tx, invoice.vendor_id),
    repo.findContract(tx, invoice.contract_id),
  ]);
  return { invoice, vendorName: vendor.name, contractName: contract?.name ?? invoice.contract_id };
}

const frozen = () =>
  new Conflict('An approved invoice is frozen; it is never recomputed', [
    { path: 'body.month', message: 'approved' },
  ]);

/**
 * Computes the contract's invoice of the month from what was measured (handled and resolved
 * contacts and handle minutes from the KPI rollup; service levels from their attainment) and
 * stores it as a draft, replacing the previous draft. Productive hours are not measured yet.
 */
export async function computeInvoice(tx: Tx, actor: Actor, contractId: string, month: string) {
  const contract = await getContract(tx, contractId);
  const existing = await repo.findInvoiceOf(tx, contractId, month);
  if (existing?.status === 'approved') throw frozen();
  const { first, next } = monthDays(month);
  const iso = (day: number) => new Date(day * 86_400_000).toISOString();
  const volumes: MeasuredVolume[] = (
    await billableVolumes(tx, contract.vendor_id, iso(first), iso(next))
  ).map((v) => ({ ...v, productive_hours: 0 }));
  const measured = await attainment(tx, { month, vendor_id: contract.vendor_id, site_id: undefined });
  const attainments = measured.items.map((a) => ({
    service_level_target_id: a.target.id,
    name: a.target.name,
    target_percent: a.target_percent,
    actual_percent: a.actual_percent,
  }));
  const versions: ContractVersion[] = contract.versions.map((v) => ({
    id: v.id,
    effective_from: v.effective_from,
    effective_to: v.effective_to,
    terms: {
      currency: v.currency,
      lines: v.lines,
      minimum_commitment_minor: v.minimum_commitment_minor,
      credit_rules: v.credit_rules,
    },
  }));
  const inputs = { month, versions, volumes, productive_hours_measured: false, attainments };
  const invoice = compute(inputs);
  const row = await repo.upsertDraft(
    tx,
    {
      organization_id: actor.organizationId,
      vendor_id: contract.vendor_id,
      contract_id: contractId,
      month,
    },
    {
      lines: JSON.stringify(invoice.lines),
      totals: JSON.stringify(invoice.totals),
      notes: JSON.stringify(invoice.notes),
      inputs: JSON.stringify(inputs),
      computed_by: actor.userId,
    },
  );
  if (!row) throw frozen();
  await record(tx, actor, {
    action: 'invoice.computed',
    objectType: 'vendor_invoice',
    objectId: row.id,
    vendorId: row.vendor_id,
    details: { contract_id: contractId, month, totals: invoice.totals, replaced_draft: Boolean(existing) },
  });
  return { created: !existing, invoice: invoiceView(row) };
}

export async function approveInvoice(tx: Tx, actor: Actor, id: string) {
  const invoice = await repo.findInvoice(tx, id, { lock: true });
  if (!invoice) throw new NotFound('Invoice', id);
  if (invoice.status === 'approved')
    throw new Conflict('The invoice is already approved', [{ path: 'params.id', message: 'approved' }]);
  const approved = (await repo.approveInvoice(tx, id, actor.userId))!;
  await record(tx, actor, {
    action: 'invoice.approved',
    objectType: 'vendor_invoice',
    objectId: id,
    vendorId: invoice.vendor_id,
    details: { contract_id: invoice.contract_id, month: invoice.month, totals: invoice.totals },
  });
  return invoiceView(approved);
}

const DEFINITIONS = {
  vendor:
    'Cost per contact = the invoice total (fees − SLA credits + bonuses) / the handled contacts it measured, in minor units of its currency.',
  channel:
    'Cost per contact by channel = the invoice total shared by channel / the channel’s handled contacts: lines of one channel belong to it, a usage line for every channel is shared by the units it billed from each channel, fees, top-ups, credits and bonuses by handled contacts; whole minor units (largest remainder) summing exactly to the invoice total.',
  site: 'Cost per contact by site = the invoice total shared by each site’s handled contacts of the vendor in the month (the KPI rollup the invoice measured) / the site’s handled contacts; whole minor units (largest remainder) summing exactly to the invoice total.',
} as const;

/**
 * Cost per contact of a month: for each invoice (a contract's month), its total per currency over
 * the handled contacts it was computed from, or that total shared by channel or by site
 * (cost-allocation.ts). Drafts are listed with their status: a draft's figure changes when it is
 * recomputed, an approved one never does. Vendor users see their own vendor's.
 */
export async function costPerContactOf(tx: Tx, query: z.output<typeof costPerContactQuery>) {
  const invoices = await repo.listInvoices(tx, { month: query.month, vendorId: query.vendor_id });
  const groupBy = query.group_by;
  const { first, next } = monthDays(query.month);
  const iso = (day: number) => new Date(day * 86_400_000).toISOString();
  const sitesOf = new Map<string, Awaited<ReturnType<typeof billableHandledBySite>>>();
  const rows = [];
  for (const invoice of invoices) {
    const view = invoiceView(invoice);
    const head = {
      vendor_id: view.vendor_id,
      contract_id: view.contract_id,
      invoice_id: view.id,
      invoice_status: view.status,
    };
    if (groupBy === 'channel')
      rows.push(
        ...costPerContactByChannel(view, view.measured.volumes).map(({ key, ...c }) => ({
          ...head,
          channel: key,
          ...c,
        })),
      );
    else if (groupBy === 'site') {
      if (!sitesOf.has(view.vendor_id))
        sitesOf.set(view.vendor_id, await billableHandledBySite(tx, view.vendor_id, iso(first), iso(next)));
      rows.push(
        ...costPerContactBySite(view, sitesOf.get(view.vendor_id)!).map(({ key, ...c }) => ({
          ...head,
          site_id: key,
          ...c,
        })),
      );
    } else rows.push(...costPerContact(view, view.measured.volumes).map((c) => ({ ...head, ...c })));
  }
  return {
    month: query.month,
    ...(groupBy === 'vendor' ? {} : { group_by: groupBy }),
    definition: DEFINITIONS[groupBy],
    rows,
  };
}
