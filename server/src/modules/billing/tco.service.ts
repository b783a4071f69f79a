import type { z } from 'zod';
import type { Actor, Tx } from '../../platform/db/transaction.js';
import { Forbidden, Invalid } from '../../platform/errors.js';
import { billableVolumes } from '../analytics/index.js';
import { changes, record } from '../audit/index.js';
import { allVendors } from '../vendors/index.js';
import type { ContractVersion } from './invoice.js';
import { monthDays } from './invoice.js';
import * as repo from './repository.js';
import { getContract, listContracts } from './service.js';
import { compareTco, type InhouseCostModel, inhouseCostPerContact, inhouseMonthly } from './tco.js';
import type { inhouseCostModel, tcoRequest } from './tco.schemas.js';

/** The in-house model and the TCO calculator: the brand's own cost base, never shown to a vendor. */
function brandOnly(actor: Actor) {
  if (actor.vendorId !== null)
    throw new Forbidden('The in-house cost model and the TCO comparison are the brand’s');
}

export async function getInhouseCostModel(tx: Tx, actor: Actor) {
  brandOnly(actor);
  const row = await repo.inhouseCostModel(tx, actor.organizationId);
  const model = (row?.model ?? null) as InhouseCostModel | null;
  return { model, updated_at: row?.updated_at ?? null, monthly: model ? inhouseMonthly(model) : null };
}

export async function saveInhouseCostModel(tx: Tx, actor: Actor, input: z.output<typeof inhouseCostModel>) {
  brandOnly(actor);
  const before = await repo.inhouseCostModel(tx, actor.organizationId);
  const row = await repo.saveInhouseCostModel(tx, actor.organizationId, input, actor.userId);
  await record(tx, actor, {
    action: 'inhouse_cost_model.changed',
    objectType: 'inhouse_cost_model',
    objectId: null,
    details: changes(
      (before?.model ?? null) as Record<string, unknown> | null,
      input as unknown as Record<string, unknown>,
      Object.keys(input),
    ),
  });
  return { model: input, updated_at: row.updated_at, monthly: inhouseMonthly(input) };
}

const thisMonth = (now: Date) => now.toISOString().slice(0, 7);

/** The version that prices a month: the one effective on its first day, else the first to start in it. */
function versionFor(month: string, versions: ContractVersion[]): ContractVersion | null {
  const first = `${month}-01`;
  const sorted = [...versions].sort((a, b) => a.effective_from.localeCompare(b.effective_from));
  return (
    sorted.find((v) => v.effective_from <= first && (v.effective_to === null || v.effective_to > first)) ??
    sorted.find((v) => v.effective_from.slice(0, 7) === month) ??
    null
  );
}

/** Prices the forecast in-house, at every vendor's contract, and as each mix asked for. */
export async function tco(tx: Tx, actor: Actor, input: z.output<typeof tcoRequest>, now = new Date()) {
  brandOnly(actor);
  const month = input.month ?? thisMonth(now);
  const { model } = await getInhouseCostModel(tx, actor);
  const contracts = (await listContracts(tx, {})).items;
  const names = new Map((await allVendors(tx)).map((v) => [v.id, v.name] as const));
  const vendors = [];
  for (const contract of contracts) {
    const full = await getContract(tx, contract.id);
    const versions: ContractVersion[] = full.versions.map((v) => ({
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
    const version = versionFor(month, versions);
    if (version)
      vendors.push({ vendor_id: full.vendor_id, name: names.get(full.vendor_id) ?? full.name, version });
  }
  const base = input.base_currency ?? model?.currency ?? vendors[0]?.version.terms.currency ?? 'EUR';
  const known = new Set(['inhouse', ...vendors.map((v) => v.vendor_id)]);
  const errors = input.mixes.flatMap((mix, m) => {
    const out: { path: string; message: string }[] = [];
    mix.shares.forEach((s, i) => {
      if (!known.has(s.option) || (s.option === 'inhouse' && !model))
        out.push({
          path: `body.mixes.${m}.shares.${i}.option`,
          message:
            s.option === 'inhouse'
              ? 'no in-house cost model yet'
              : 'not a vendor with a contract for the month',
        });
    });
    const sum = mix.shares.reduce((t, s) => t + s.percent, 0);
    if (Math.abs(sum - 100) > 1e-9)
      out.push({ path: `body.mixes.${m}.shares`, message: `the shares add up to ${sum} %, not 100 %` });
    return out;
  });
  if (errors.length) throw new Invalid('A mix does not add up', errors);
  return compareTco({
    month,
    base_currency: base,
    fx: input.fx,
    forecast: { lines: input.forecast, occupancy_percent: input.occupancy_percent },
    inhouse: model,
    vendors,
    mixes: input.mixes,
  });
}

/**
 * The in-house figure beside the vendors' cost per contact: for brand users with a model, the in-house
 * vendors' handled contacts of the month (as invoices measure them) under the model's cost.
 */
export async function inhouseCostPerContactOf(tx: Tx, actor: Actor, month: string, now = new Date()) {
  if (actor.vendorId !== null) return null;
  const row = await repo.inhouseCostModel(tx, actor.organizationId);
  if (!row) return null;
  const { first, next } = monthDays(month);
  const start = first * 86_400_000;
  const end = Math.min(next * 86_400_000, now.getTime());
  if (end <= start) return null;
  const inhouse = (await allVendors(tx)).filter((v) => v.kind === 'internal');
  let handled = 0;
  for (const v of inhouse) {
    const volumes = await billableVolumes(
      tx,
      v.id,
      new Date(start).toISOString(),
      new Date(end).toISOString(),
    );
    handled += volumes.reduce((s, x) => s + x.handled_contacts, 0);
  }
  return {
    vendor_ids: inhouse.map((v) => v.id),
    ...inhouseCostPerContact(
      row.model as InhouseCostModel,
      handled,
      (end - start) / ((next - first) * 86_400_000),
    ),
  };
}
