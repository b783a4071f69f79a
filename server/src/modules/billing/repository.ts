import { sql } from 'kysely';
import type { NewRow, Role } from '../../platform/db/schema.js';
import type { Tx } from '../../platform/db/transaction.js';

/**
 * SQL for vendor contracts, their dated versions and monthly invoices. Row-level security (migration
 * 0024): a vendor's users see only their vendor's rows; only the brand writes.
 */

const now = sql<string>`date_trunc('milliseconds', now())`;
const contractColumns = [
  'id',
  'vendor_id',
  'name',
  sql<string | null>`to_char(term_ends_on, 'YYYY-MM-DD')`.as('term_ends_on'),
  'notice_days',
  'auto_renews',
  'renewal_term_months',
  'created_at',
  'updated_at',
] as const;

export function listContracts(tx: Tx, vendorId?: string) {
  let q = tx.selectFrom('vendor_contracts').select(contractColumns);
  if (vendorId) q = q.where('vendor_id', '=', vendorId);
  return q.orderBy('name').orderBy('id').limit(1000).execute();
}

export function findContract(tx: Tx, id: string, options: { lock?: boolean } = {}) {
  const q = tx.selectFrom('vendor_contracts').select(contractColumns).where('id', '=', id);
  return (options.lock ? q.forUpdate() : q).executeTakeFirst();
}

export function insertContract(tx: Tx, values: NewRow<'vendor_contracts'>) {
  return tx
    .insertInto('vendor_contracts')
    .values(values)
    .returning(contractColumns)
    .executeTakeFirstOrThrow();
}

export type ContractDatesPatch = Partial<
  Pick<NewRow<'vendor_contracts'>, 'term_ends_on' | 'notice_days' | 'auto_renews' | 'renewal_term_months'>
>;

/** Sets only the named date fields (migration 0041). */
export function updateContractDates(tx: Tx, id: string, patch: ContractDatesPatch) {
  return tx
    .updateTable('vendor_contracts')
    .set({ ...patch, updated_at: now })
    .where('id', '=', id)
    .execute();
}

/** Every contract with a term end, of every brand (the daily reminder job runs as the owner). */
export function contractsWithTerm(tx: Tx) {
  return tx
    .selectFrom('vendor_contracts as c')
    .innerJoin('vendors as v', 'v.id', 'c.vendor_id')
    .select([
      'c.id',
      'c.organization_id',
      'c.vendor_id',
      'c.name',
      'v.name as vendor_name',
      sql<string | null>`to_char(c.term_ends_on, 'YYYY-MM-DD')`.as('term_ends_on'),
      'c.notice_days',
      'c.auto_renews',
      'c.renewal_term_months',
    ])
    .where('c.term_ends_on', 'is not', null)
    .orderBy('c.organization_id')
    .orderBy('c.id')
    .execute();
}

/** Records a reminder; false when it was already sent (unique contract, kind and day). */
export async function claimReminder(tx: Tx, values: NewRow<'contract_reminders'>) {
  const row = await tx
    .insertInto('contract_reminders')
    .values(values)
    .onConflict((oc) => oc.columns(['contract_id', 'kind', 'due_on']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** The brand's active users (no vendor) of the given roles: who manages billing. */
export function brandUsersOfRoles(tx: Tx, organizationId: string, roles: readonly Role[]) {
  if (!roles.length) return Promise.resolve([]);
  return tx
    .selectFrom('users')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('vendor_id', 'is', null)
    .where('active', '=', true)
    .where('role', 'in', [...roles])
    .orderBy('id')
    .execute();
}

export function touchContract(tx: Tx, id: string) {
  return tx.updateTable('vendor_contracts').set({ updated_at: now }).where('id', '=', id).execute();
}

const versionColumns = [
  'id',
  'contract_id',
  'version',
  sql<string>`to_char(effective_from, 'YYYY-MM-DD')`.as('effective_from'),
  sql<string | null>`to_char(effective_to, 'YYYY-MM-DD')`.as('effective_to'),
  'currency',
  'terms',
  'created_at',
] as const;

/** Versions of the given contracts, oldest first. */
export function versionsOf(tx: Tx, contractIds: string[]) {
  if (!contractIds.length) return Promise.resolve([]);
  return tx
    .selectFrom('vendor_contract_versions')
    .select(versionColumns)
    .where('contract_id', 'in', contractIds)
    .orderBy('contract_id')
    .orderBy('version')
    .execute();
}

export function insertVersion(tx: Tx, values: NewRow<'vendor_contract_versions'>) {
  return tx.insertInto('vendor_contract_versions').values(values).returning('id').executeTakeFirstOrThrow();
}

/** Ends a version the day the next one starts. */
export function endVersion(tx: Tx, id: string, effectiveTo: string) {
  return tx
    .updateTable('vendor_contract_versions')
    .set({ effective_to: effectiveTo })
    .where('id', '=', id)
    .execute();
}

/** The vendor as the actor sees it. */
export function findVendor(tx: Tx, id: string) {
  return tx.selectFrom('vendors').select('id').where('id', '=', id).executeTakeFirst();
}

const invoiceColumns = [
  'id',
  'vendor_id',
  'contract_id',
  'month',
  'status',
  'lines',
  'totals',
  'notes',
  'inputs',
  'computed_at',
  'approved_by',
  'approved_at',
] as const;

export interface InvoiceFilter {
  vendorId?: string | undefined;
  contractId?: string | undefined;
  month?: string | undefined;
}

export function listInvoices(tx: Tx, f: InvoiceFilter) {
  let q = tx.selectFrom('vendor_invoices').select(invoiceColumns);
  if (f.vendorId) q = q.where('vendor_id', '=', f.vendorId);
  if (f.contractId) q = q.where('contract_id', '=', f.contractId);
  if (f.month) q = q.where('month', '=', f.month);
  return q.orderBy('month', 'desc').orderBy('id').limit(1000).execute();
}

export function findInvoice(tx: Tx, id: string, options: { lock?: boolean } = {}) {
  const q = tx.selectFrom('vendor_invoices').select(invoiceColumns).where('id', '=', id);
  return (options.lock ? q.forUpdate() : q).executeTakeFirst();
}

export function findInvoiceOf(tx: Tx, contractId: string, month: string) {
  return tx
    .selectFrom('vendor_invoices')
    .select(invoiceColumns)
    .where('contract_id', '=', contractId)
    .where('month', '=', month)
    .forUpdate()
    .executeTakeFirst();
}

type Computed = Pick<NewRow<'vendor_invoices'>, 'lines' | 'totals' | 'notes' | 'inputs' | 'computed_by'>;

/** Stores a freshly computed draft, or replaces the draft's figures; never touches an approved one. */
export function upsertDraft(
  tx: Tx,
  key: Pick<NewRow<'vendor_invoices'>, 'organization_id' | 'vendor_id' | 'contract_id' | 'month'>,
  computed: Computed,
) {
  return tx
    .insertInto('vendor_invoices')
    .values({ ...key, ...computed, computed_at: now })
    .onConflict((oc) =>
      oc
        .columns(['contract_id', 'month'])
        .doUpdateSet({ ...computed, computed_at: now })
        .where('vendor_invoices.status', '=', 'draft'),
    )
    .returning(invoiceColumns)
    .executeTakeFirst();
}

export function approveInvoice(tx: Tx, id: string, userId: string) {
  return tx
    .updateTable('vendor_invoices')
    .set({ status: 'approved', approved_by: userId, approved_at: now })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .returning(invoiceColumns)
    .executeTakeFirst();
}

// --- Reconciliation (migration 0029): append-only, a vendor's users see their own vendor's rows ---

const claimColumns = [
  'id',
  'invoice_id',
  'version',
  'source',
  'lines',
  'totals',
  'submitted_by',
  'submitted_at',
] as const;

/** The invoice's claims, oldest version first. */
export function claimsOf(tx: Tx, invoiceId: string) {
  return tx
    .selectFrom('vendor_invoice_claims')
    .select(claimColumns)
    .where('invoice_id', '=', invoiceId)
    .orderBy('version')
    .execute();
}

export function insertClaim(tx: Tx, values: NewRow<'vendor_invoice_claims'>) {
  return tx
    .insertInto('vendor_invoice_claims')
    .values(values)
    .returning(claimColumns)
    .executeTakeFirstOrThrow();
}

const eventColumns = [
  'id',
  'kind',
  'claim_version',
  'line_key',
  'comment',
  'author_id',
  'created_at',
] as const;

/** The invoice's comments and decisions, oldest first. */
export function reconciliationEventsOf(tx: Tx, invoiceId: string) {
  return tx
    .selectFrom('vendor_invoice_reconciliation_events')
    .select(eventColumns)
    .where('invoice_id', '=', invoiceId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export function insertReconciliationEvent(tx: Tx, values: NewRow<'vendor_invoice_reconciliation_events'>) {
  return tx
    .insertInto('vendor_invoice_reconciliation_events')
    .values(values)
    .returning(eventColumns)
    .executeTakeFirstOrThrow();
}

// --- The in-house cost model (migration 0037) ----------------------------------------------------

export function inhouseCostModel(tx: Tx, organizationId: string) {
  return tx
    .selectFrom('inhouse_cost_models')
    .select(['model', 'updated_at'])
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
}

export function saveInhouseCostModel(tx: Tx, organizationId: string, model: unknown, userId: string) {
  const json = JSON.stringify(model);
  return tx
    .insertInto('inhouse_cost_models')
    .values({ organization_id: organizationId, model: json, updated_by: userId })
    .onConflict((oc) =>
      oc.column('organization_id').doUpdateSet({ model: json, updated_by: userId, updated_at: now }),
    )
    .returning(['model', 'updated_at'])
    .executeTakeFirstOrThrow();
}
