import { type Actor, asActor, type Tx } from '../../platform/db/transaction.js';
import type { OutboxConsumer } from '../../platform/outbox/dispatcher.js';
import { approveInvoice, computeInvoice, listContracts, listInvoices } from '../billing/index.js';
import { DEMO_ORGANIZATION } from './generate.js';
import * as repo from './repository.js';

/** YYYY-MM of a moment, and of the month before it (UTC, as invoices are). */
export function demoMonths(seededAt: Date) {
  const y = seededAt.getUTCFullYear();
  const m = seededAt.getUTCMonth();
  const ym = (year: number, month: number) => {
    const d = new Date(Date.UTC(year, month, 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  };
  return { last: ym(y, m - 1), current: ym(y, m) };
}

/**
 * The demo's invoices, as the demo's brand admin would make them: last month's computed and
 * approved (so the demo shows a frozen invoice with its SLA credits), this month's as a draft.
 * Idempotent: an approved month is left as it is.
 */
export async function invoiceDemoMonths(tx: Tx, actor: Actor, seededAt: Date) {
  const { last, current } = demoMonths(seededAt);
  await asActor(tx, actor, async () => {
    for (const contract of (await listContracts(tx, {})).items) {
      const [lastInvoice] = (await listInvoices(tx, { contract_id: contract.id, month: last })).items;
      if (lastInvoice?.status !== 'approved') {
        const { invoice } = await computeInvoice(tx, actor, contract.id, last);
        await approveInvoice(tx, actor, invoice.id);
      }
      const [currentInvoice] = (await listInvoices(tx, { contract_id: contract.id, month: current })).items;
      if (currentInvoice?.status !== 'approved') await computeInvoice(tx, actor, contract.id, current);
    }
  });
}

/**
 * Invoices need a whole month of SLA verdicts, which the worker computes after the seed (the seed
 * only asks for them). When the demo brand's timers are all re-timed after its history was loaded
 * (sla.recomputed with the seed's moment), its invoices are made. Other brands are never touched.
 */
export const demoInvoicesConsumer: OutboxConsumer = {
  name: 'demo-invoices',
  async consume(tx, events) {
    for (const e of events) {
      if (e.type !== 'sla.recomputed') continue;
      const seededAt = e.payload?.acknowledgeBefore;
      if (typeof seededAt !== 'string') continue;
      const admin = await repo.demoAdminOf(tx, e.organization_id, DEMO_ORGANIZATION.slug);
      if (!admin) continue;
      const actor: Actor = {
        userId: admin.id,
        organizationId: admin.organization_id,
        role: 'brand_admin',
        vendorId: null,
        siteId: null,
        teamId: null,
      };
      await invoiceDemoMonths(tx, actor, new Date(seededAt));
    }
  },
};
