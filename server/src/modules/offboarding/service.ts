import type { FastifyRequest } from 'fastify';
import { type Actor, asOwner, type Tx } from '../../platform/db/transaction.js';
import { Conflict, Forbidden, Invalid } from '../../platform/errors.js';
import { emit } from '../../platform/events.js';
import { record, recordExport } from '../audit/index.js';
import { unpinTickets } from '../routing/index.js';
import { revokeScimToken } from '../scim/index.js';
import { changeTicketAsSystem } from '../tickets/index.js';
import { updateUser } from '../users/index.js';
import { getVendor, markVendorOffboarded } from '../vendors/index.js';
import * as repo from './repository.js';

/**
 * Vendor offboarding (docs/admin.md): the end of a contract in one action and one transaction.
 * It composes the paths that already exist rather than writing new ones: each user is deactivated
 * through the users module's updateUser (the same deprovisioning as the console and SCIM: sessions
 * ended, API tokens revoked, sockets closed, their tickets returned to routing), SCIM tokens are
 * revoked through the SCIM module, and the vendor's unsolved tickets leave it through the tickets
 * module's system change, whose ticket.updated event makes routing queue them again. Routing never
 * offers work to a vendor that is not active or onboarding, so nothing comes back to it.
 */

function requireBrandAdmin(actor: Actor) {
  if (actor.role !== 'brand_admin') throw new Forbidden('Only a brand admin offboards or exports a vendor');
}

export interface OffboardResult {
  vendorId: string;
  usersDeactivated: number;
  apiTokensRevoked: number;
  scimTokensRevoked: number;
  ticketsRequeued: number;
}

export async function offboardVendor(
  tx: Tx,
  actor: Actor,
  vendorId: string,
  confirm: string,
): Promise<OffboardResult> {
  requireBrandAdmin(actor);
  const vendor = await getVendor(tx, vendorId);
  if (confirm.trim() !== vendor.name)
    throw new Invalid('Type the vendor’s name to confirm offboarding', [
      { path: 'body.confirm', message: `type "${vendor.name}"` },
    ]);
  if (vendor.status === 'offboarded') throw new Conflict(`${vendor.name} is already offboarded`);
  // The brand's own team is not a supplier to end: its people are switched off one by one, if at all.
  if (vendor.kind === 'internal')
    throw new Conflict(`${vendor.name} is the brand’s in-house team; only outsourced vendors are offboarded`);

  const before = vendor.status;
  await markVendorOffboarded(tx, vendorId);

  const userIds = await repo.activeUserIdsOfVendor(tx, vendorId);
  const apiTokensRevoked = await repo.countLiveTokens(tx, userIds);
  for (const id of userIds) await updateUser(tx, actor, id, { active: false });

  const scimTokens = await repo.liveScimTokenIds(tx, vendorId);
  for (const id of scimTokens) await revokeScimToken(tx, actor, id);

  // After the users: their own tickets have already lost their agent, now all leave the vendor.
  const tickets = await repo.unsolvedTicketIdsOfVendor(tx, vendorId);
  for (const id of tickets)
    await changeTicketAsSystem(
      tx,
      actor.organizationId,
      id,
      { vendor_id: null, site_id: null, team_id: null, agent_id: null },
      [{ type: 'ticket.requeued', payload: { reason: 'vendor offboarded', previousVendorId: vendorId } }],
    );
  await asOwner(tx, () => unpinTickets(tx, tickets));

  const result = {
    vendorId,
    usersDeactivated: userIds.length,
    apiTokensRevoked,
    scimTokensRevoked: scimTokens.length,
    ticketsRequeued: tickets.length,
  };
  await emit(tx, {
    organizationId: actor.organizationId,
    vendorId,
    type: 'vendor.updated',
    subjectId: vendorId,
    payload: { changes: { status: 'offboarded' } },
  });
  await record(tx, actor, {
    action: 'vendor.offboarded',
    objectType: 'vendor',
    objectId: vendorId,
    vendorId,
    details: {
      name: vendor.name,
      status: { before, after: 'offboarded' },
      users_deactivated: result.usersDeactivated,
      api_tokens_revoked: apiTokensRevoked,
      scim_tokens_revoked: result.scimTokensRevoked,
      tickets_requeued: tickets,
    },
  });
  return result;
}

/** Everything the brand holds about a vendor's work, as one JSON document; the export is audited. */
export async function exportVendor(tx: Tx, actor: Actor, vendorId: string, request: FastifyRequest) {
  requireBrandAdmin(actor);
  await getVendor(tx, vendorId);
  const vendor = await repo.vendorRow(tx, vendorId);
  const tickets = await repo.ticketsHandledBy(tx, vendorId);
  const messages = await repo.messagesOf(
    tx,
    tickets.map((t) => t.id),
  );
  const byTicket = new Map<string, typeof messages>();
  for (const m of messages) byTicket.set(m.ticket_id, [...(byTicket.get(m.ticket_id) ?? []), m]);
  const contracts = await repo.contractsOf(tx, vendorId);
  const versions = await repo.contractVersionsOf(
    tx,
    contracts.map((c) => c.id),
  );
  const document = {
    exportedAt: new Date().toISOString(),
    vendor,
    sites: await repo.sitesOf(tx, vendorId),
    teams: await repo.teamsOf(tx, vendorId),
    users: await repo.usersOf(tx, vendorId),
    tickets: tickets.map((t) => ({ ...t, messages: byTicket.get(t.id) ?? [] })),
    qaReviews: await repo.qaReviewsOf(tx, vendorId),
    contracts: contracts.map((c) => ({ ...c, versions: versions.filter((v) => v.contract_id === c.id) })),
    invoices: await repo.invoicesOf(tx, vendorId),
  };
  await recordExport(tx, actor, request, {
    objectType: 'vendor',
    objectId: vendorId,
    vendorId,
    format: 'json',
  });
  return document;
}
