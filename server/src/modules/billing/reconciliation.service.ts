import type { z } from 'zod';
import { roleAllows } from '../../platform/auth/permissions.js';
import type { Actor, Tx } from '../../platform/db/transaction.js';
import { Conflict, Forbidden, Invalid, NotFound } from '../../platform/errors.js';
import { emit } from '../../platform/events.js';
import { record } from '../audit/index.js';
import { type ClaimLineInput, parseClaimCsv } from './claim-csv.js';
import type { InvoiceLine } from './invoice.js';
import { reconcile } from './reconcile.js';
import type { claimCreate, reconciliationComment, reconciliationDecision } from './reconciliation.schemas.js';
import * as repo from './repository.js';

/**
 * Reconciliation of the vendor's own invoice against Tandem's (docs/billing.md, "Reconciliation"):
 * the invoice's vendor admins submit claims (every resubmission a new version, the old ones kept),
 * both sides comment, the brand's billing managers accept or dispute the latest version. The
 * differences are computed when read (reconcile.ts), so they always compare the invoice as it
 * stands. Row-level security (migration 0029) hides another vendor's invoice: it is not found.
 */

type Claim = Awaited<ReturnType<typeof repo.claimsOf>>[number];

async function visibleInvoice(tx: Tx, id: string, options: { lock?: boolean } = {}) {
  const invoice = await repo.findInvoice(tx, id, options);
  if (!invoice) throw new NotFound('Invoice', id);
  return invoice;
}

const claimView = (c: Claim) => ({
  ...c,
  lines: c.lines as ClaimLineInput[],
  totals: c.totals as Record<string, number>,
});

function totalsOf(lines: ClaimLineInput[]) {
  const totals: Record<string, number> = {};
  for (const l of lines) totals[l.currency] = (totals[l.currency] ?? 0) + l.amount_minor;
  return totals;
}

export async function submitClaim(
  tx: Tx,
  actor: Actor,
  invoiceId: string,
  input: z.output<typeof claimCreate>,
) {
  const invoice = await visibleInvoice(tx, invoiceId, { lock: true });
  if (actor.role !== 'vendor_admin' || actor.vendorId !== invoice.vendor_id)
    throw new Forbidden('Only the invoice’s vendor admins submit the vendor’s invoice');
  let lines = input.lines;
  if (input.csv !== undefined) {
    const parsed = parseClaimCsv(input.csv);
    if (!parsed.ok)
      throw new Invalid('The vendor invoice CSV has bad rows; nothing was stored', parsed.errors);
    lines = parsed.lines;
  }
  if (!lines?.length)
    throw new Invalid('The vendor invoice has no lines', [{ path: 'body.lines', message: 'empty' }]);
  const previous = await repo.claimsOf(tx, invoiceId);
  const claim = await repo.insertClaim(tx, {
    organization_id: actor.organizationId,
    vendor_id: invoice.vendor_id,
    invoice_id: invoiceId,
    version: (previous.at(-1)?.version ?? 0) + 1,
    source: input.csv !== undefined ? 'csv' : 'json',
    lines: JSON.stringify(lines),
    totals: JSON.stringify(totalsOf(lines)),
    submitted_by: actor.userId,
  });
  await emit(tx, {
    organizationId: actor.organizationId,
    vendorId: invoice.vendor_id,
    type: 'billing.claim_submitted',
    subjectId: invoiceId,
    payload: { claim_id: claim.id, version: claim.version, source: claim.source },
  });
  if (input.comment)
    await insertEvent(tx, actor, invoice, {
      kind: 'comment',
      comment: input.comment,
      claim_version: claim.version,
    });
  return claimView(claim);
}

type Invoice = Awaited<ReturnType<typeof visibleInvoice>>;

/** A history entry, and its domain event (billing.reconciliation_comment / _accept / _dispute). */
async function insertEvent(
  tx: Tx,
  actor: Actor,
  invoice: Invoice,
  e: {
    kind: 'comment' | 'accept' | 'dispute';
    comment: string;
    claim_version?: number | null;
    line_key?: string | null;
  },
) {
  const event = await repo.insertReconciliationEvent(tx, {
    organization_id: actor.organizationId,
    vendor_id: invoice.vendor_id,
    invoice_id: invoice.id,
    kind: e.kind,
    claim_version: e.claim_version ?? null,
    line_key: e.line_key ?? null,
    comment: e.comment,
    author_id: actor.userId,
  });
  await emit(tx, {
    organizationId: actor.organizationId,
    vendorId: invoice.vendor_id,
    type: `billing.reconciliation_${e.kind}`,
    subjectId: invoice.id,
    payload: { event_id: event.id, claim_version: event.claim_version, author_id: actor.userId },
  });
  return event;
}

/** The latest claim matched against the invoice, the state of the brand's decision, and the history. */
export async function getReconciliation(tx: Tx, invoiceId: string) {
  const invoice = await visibleInvoice(tx, invoiceId);
  const [claims, events] = await Promise.all([
    repo.claimsOf(tx, invoiceId),
    repo.reconciliationEventsOf(tx, invoiceId),
  ]);
  const latest = claims.at(-1);
  const decision = events.filter((e) => e.kind !== 'comment' && e.claim_version === latest?.version).at(-1);
  const history = [
    ...claims.map((c) => ({
      id: c.id,
      kind: 'claim' as const,
      claim_version: c.version,
      line_key: null,
      comment: null,
      author_id: c.submitted_by,
      created_at: c.submitted_at,
    })),
    ...events,
  ].sort(
    (a, b) =>
      a.created_at.localeCompare(b.created_at) || (a.kind === 'claim' ? -1 : b.kind === 'claim' ? 1 : 0),
  );
  return {
    invoice_id: invoice.id,
    invoice_status: invoice.status,
    state: !latest
      ? ('awaiting_claim' as const)
      : decision?.kind === 'accept'
        ? ('accepted' as const)
        : decision?.kind === 'dispute'
          ? ('disputed' as const)
          : ('open' as const),
    claim: latest ? claimView(latest) : null,
    claim_versions: claims.length,
    result: latest ? reconcile(invoice.lines as InvoiceLine[], claimView(latest).lines) : null,
    history,
  };
}

/** A comment of either side: the brand's billing managers or the invoice's vendor admins. */
export async function comment(
  tx: Tx,
  actor: Actor,
  invoiceId: string,
  input: z.output<typeof reconciliationComment>,
) {
  const invoice = await visibleInvoice(tx, invoiceId);
  const brandSide = actor.vendorId === null && roleAllows(actor.role, 'billing:manage', actor.scopes);
  const vendorSide = actor.role === 'vendor_admin' && actor.vendorId === invoice.vendor_id;
  if (!brandSide && !vendorSide)
    throw new Forbidden('Only the brand’s billing managers and the invoice’s vendor admins comment');
  const latest = (await repo.claimsOf(tx, invoiceId)).at(-1);
  await insertEvent(tx, actor, invoice, {
    kind: 'comment',
    comment: input.comment,
    line_key: input.line_key,
    claim_version: latest?.version ?? null,
  });
  return getReconciliation(tx, invoiceId);
}

/** The brand accepts or disputes the latest claim version, with a comment. */
export async function decide(
  tx: Tx,
  actor: Actor,
  invoiceId: string,
  kind: 'accept' | 'dispute',
  input: z.output<typeof reconciliationDecision>,
) {
  const invoice = await visibleInvoice(tx, invoiceId, { lock: true });
  const claims = await repo.claimsOf(tx, invoiceId);
  const latest = claims.at(-1);
  if (!latest)
    throw new Conflict('The vendor has not submitted its invoice yet', [
      { path: 'params.id', message: 'no claim' },
    ]);
  if (input.claim_version !== undefined && input.claim_version !== latest.version)
    throw new Conflict(`Claim version ${input.claim_version} is not the latest (${latest.version})`, [
      { path: 'body.claim_version', message: `the latest is ${latest.version}` },
    ]);
  const current = await getReconciliation(tx, invoiceId);
  if (current.state === (kind === 'accept' ? 'accepted' : 'disputed'))
    throw new Conflict(`Claim version ${latest.version} is already ${current.state}`, [
      { path: 'params.id', message: current.state },
    ]);
  await insertEvent(tx, actor, invoice, { kind, comment: input.comment, claim_version: latest.version });
  // The brand's decision on what it pays is a contract matter: in the audit chain too.
  await record(tx, actor, {
    action: `invoice.reconciliation_${kind === 'accept' ? 'accepted' : 'disputed'}`,
    objectType: 'vendor_invoice',
    objectId: invoice.id,
    vendorId: invoice.vendor_id,
    details: { month: invoice.month, claim_version: latest.version, comment: input.comment },
  });
  return getReconciliation(tx, invoiceId);
}
