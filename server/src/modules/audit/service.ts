import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { type Actor, type Tx, withSystem } from '../../platform/db/transaction.js';
import { wantsCsv } from '../../platform/http/csv.js';
import { decodeCursor, toPage } from '../../platform/http/pagination.js';
import { type BreakReason, type ChainHead, EMPTY_HEAD, hashEntry, verifyChain } from './chain.js';
import * as repo from './repository.js';

/** Who acted: a user (by session or API token), or a system job of an organization. */
export type AuditActor = Actor | { organizationId: string; system: string };

export interface AuditEntry {
  /** `<object>.<verb>`, e.g. `user.role_changed`, `export.invoice`. */
  action: string;
  objectType: string;
  objectId: string | null;
  /** The vendor the object belongs to; null for brand-wide objects. */
  vendorId?: string | null | undefined;
  /** What changed (before/after of the named fields) or what was exported. Never secrets. */
  details?: Record<string, unknown>;
}

async function actorLabel(tx: Tx, actor: AuditActor): Promise<{ userId: string | null; label: string }> {
  if ('system' in actor) return { userId: null, label: `system: ${actor.system}` };
  const user = await tx
    .selectFrom('users')
    .select(['display_name', 'email'])
    .where('id', '=', actor.userId)
    .executeTakeFirst();
  const who = user ? `${user.display_name} <${user.email}>` : actor.userId;
  return { userId: actor.userId, label: actor.tokenId ? `${who} via API token ${actor.tokenId}` : who };
}

/**
 * Appends one entry to the organization's chain, in the caller's transaction: it exists exactly when
 * the change it describes committed. The advisory lock holds other appenders of the organization
 * until this transaction ends, so each links to the head the previous one committed.
 */
export async function record(tx: Tx, actor: AuditActor, entry: AuditEntry, now: Date = new Date()) {
  const organizationId = actor.organizationId;
  const { userId, label } = await actorLabel(tx, actor);
  await repo.lockChain(tx, organizationId);
  const head = (await repo.chainHead(tx, organizationId)) ?? EMPTY_HEAD;
  const fields = {
    organization_id: organizationId,
    seq: head.seq + 1,
    occurred_at: new Date(Math.floor(now.getTime())).toISOString(),
    actor_user_id: userId,
    actor_label: label,
    vendor_id: entry.vendorId ?? null,
    action: entry.action,
    object_type: entry.objectType,
    object_id: entry.objectId,
    details: entry.details ?? {},
  };
  const hash = hashEntry(head.hash, fields);
  await repo.insertEntry(tx, {
    ...fields,
    details: JSON.stringify(fields.details),
    prev_hash: head.hash,
    hash,
  });
  return { ...fields, prev_hash: head.hash, hash };
}

/**
 * Records an export in the transaction that read what is exported: a PDF always, and the CSV form
 * of a report when the request asks for CSV (a JSON read is not an export, unless the route is an
 * export document itself, like a vendor's data for the brand: format 'json'). The filters are the
 * request's parsed query and path parameters.
 */
export async function recordExport(
  tx: Tx,
  actor: Actor,
  request: FastifyRequest,
  what: { objectType: string; objectId?: string | null; vendorId?: string | null; format?: 'pdf' | 'json' },
) {
  const format = what.format ?? (wantsCsv(request) ? 'csv' : null);
  if (!format) return;
  const filters = (request.query ?? {}) as Record<string, unknown>;
  const filteredVendor = typeof filters.vendor_id === 'string' ? filters.vendor_id : null;
  await record(tx, actor, {
    action: `export.${format}`,
    objectType: what.objectType,
    objectId: what.objectId ?? null,
    vendorId: what.vendorId ?? filteredVendor,
    details: { route: request.routeOptions.url ?? request.url, params: request.params ?? {}, filters },
  });
}

export type { EntryFilter } from './repository.js';

export async function listEntries(
  tx: Tx,
  actor: Actor,
  filter: repo.EntryFilter,
  limit: number,
  cursor: string | undefined,
) {
  const rows = await repo.listEntries(tx, actor.organizationId, filter, limit, decodeCursor(cursor));
  return toPage(rows, limit, (r) => r.seq);
}

export interface ChainReport {
  organizationId: string;
  name: string;
  count: number;
  head: ChainHead;
}
export type VerifyOutcome =
  | { ok: true; organizations: ChainReport[] }
  | {
      ok: false;
      organizations: ChainReport[];
      broken: { organizationId: string; name: string; seq: number; reason: BreakReason; message: string };
    };

/**
 * Walks every organization's chain in seq order, a page at a time (memory stays one page), and stops
 * at the first broken link. As the owner: the audit log is read whole, whatever row-level security.
 */
export async function verifyAll(db: Kysely<DB>, pageSize = 1000): Promise<VerifyOutcome> {
  const organizations: ChainReport[] = [];
  const orgs = await withSystem(db, (tx) => repo.organizationIds(tx));
  for (const org of orgs) {
    let head = EMPTY_HEAD;
    let count = 0;
    for (;;) {
      const page = await withSystem(db, (tx) => repo.chainPage(tx, org.id, head.seq, pageSize));
      const verdict = verifyChain(page, head);
      if (!verdict.ok)
        return {
          ok: false,
          organizations,
          broken: {
            organizationId: org.id,
            name: org.name,
            seq: verdict.seq,
            reason: verdict.reason,
            message: verdict.message,
          },
        };
      head = verdict.head;
      count += verdict.count;
      if (page.length < pageSize) break;
    }
    organizations.push({ organizationId: org.id, name: org.name, count, head });
  }
  return { ok: true, organizations };
}
