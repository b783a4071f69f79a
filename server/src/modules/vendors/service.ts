import type { z } from 'zod';
import type { Actor, Tx } from '../../platform/db/transaction.js';
import { Invalid, NotFound } from '../../platform/errors.js';
import { emit } from '../../platform/events.js';
import type { CursorPosition } from '../../platform/http/pagination.js';
import { changes, record, snapshot } from '../audit/index.js';
import * as repo from './repository.js';
import type {
  siteCreate,
  siteUpdate,
  teamCreate,
  teamUpdate,
  vendorCreate,
  vendorUpdate,
} from './schemas.js';

/**
 * Vendors, their sites and teams. Routes have checked the role's permission; row-level security hides
 * other vendors' rows, and these functions refuse to attach anything to a vendor the actor cannot see.
 */

export function listVendors(tx: Tx, filter: Parameters<typeof repo.listVendors>[1]) {
  return repo.listVendors(tx, filter);
}

/** Id, name and kind of every vendor one may see, for figures that name vendors (billing, TCO). */
export function allVendors(tx: Tx) {
  return repo.allVendors(tx);
}

export async function getVendor(tx: Tx, id: string) {
  const vendor = await repo.findVendor(tx, id);
  if (!vendor) throw new NotFound('Vendor', id);
  return vendor;
}

export async function createVendor(tx: Tx, actor: Actor, input: z.output<typeof vendorCreate>) {
  const vendor = await repo.insertVendor(tx, { organization_id: actor.organizationId, ...input });
  await emit(tx, {
    organizationId: actor.organizationId,
    vendorId: vendor.id,
    type: 'vendor.created',
    subjectId: vendor.id,
  });
  await record(tx, actor, {
    action: 'vendor.created',
    objectType: 'vendor',
    objectId: vendor.id,
    vendorId: vendor.id,
    details: snapshot(vendor, Object.keys(input)),
  });
  return vendor;
}

export async function updateVendor(tx: Tx, actor: Actor, id: string, input: z.output<typeof vendorUpdate>) {
  const before = await getVendor(tx, id);
  const merged = { ...before, ...input };
  if (merged.contract_start && merged.contract_end && merged.contract_end < merged.contract_start) {
    throw new Invalid('contract_end is before contract_start', [
      { path: 'body.contract_end', message: 'before contract_start' },
    ]);
  }
  const vendor = await repo.updateVendor(tx, id, { ...input, updated_at: new Date().toISOString() });
  if (!vendor) throw new NotFound('Vendor', id);
  await emit(tx, {
    organizationId: actor.organizationId,
    vendorId: id,
    type: 'vendor.updated',
    subjectId: id,
    payload: { changes: input },
  });
  await record(tx, actor, {
    action: 'vendor.updated',
    objectType: 'vendor',
    objectId: id,
    vendorId: id,
    details: { name: vendor.name, changes: changes(before, vendor, Object.keys(input)) },
  });
  return vendor;
}

/** Offboarding's one change to a vendor: its status (docs/security.md, offboarding). */
export async function markVendorOffboarded(tx: Tx, vendorId: string) {
  await repo.updateVendor(tx, vendorId, { status: 'offboarded', updated_at: new Date().toISOString() });
}

/** Data residency on a site, set through routing's screen (routing checks who may). */
export function setSiteDataRegions(tx: Tx, siteId: string, regions: string[]) {
  return repo.setSiteDataRegions(tx, siteId, regions);
}

export function listSites(tx: Tx, filter: Parameters<typeof repo.listSites>[1]) {
  return repo.listSites(tx, filter);
}

export async function getSite(tx: Tx, id: string) {
  const site = await repo.findSite(tx, id);
  if (!site) throw new NotFound('Site', id);
  return site;
}

async function requireVisibleVendor(tx: Tx, vendorId: string) {
  if (!(await repo.findVendor(tx, vendorId))) {
    throw new Invalid(`Vendor ${vendorId} does not exist or is not yours`, [
      { path: 'body.vendor_id', message: 'unknown vendor' },
    ]);
  }
}

export async function createSite(tx: Tx, actor: Actor, input: z.output<typeof siteCreate>) {
  await requireVisibleVendor(tx, input.vendor_id);
  const site = await repo.insertSite(tx, { organization_id: actor.organizationId, ...input });
  await emit(tx, {
    organizationId: actor.organizationId,
    vendorId: site.vendor_id,
    type: 'site.created',
    subjectId: site.id,
  });
  await record(tx, actor, {
    action: 'site.created',
    objectType: 'site',
    objectId: site.id,
    vendorId: site.vendor_id,
    details: snapshot(site, Object.keys(input)),
  });
  return site;
}

export async function updateSite(tx: Tx, actor: Actor, id: string, input: z.output<typeof siteUpdate>) {
  const before = await getSite(tx, id);
  const site = await repo.updateSite(tx, id, { ...input, updated_at: new Date().toISOString() });
  if (!site) throw new NotFound('Site', id);
  const payload: Record<string, unknown> = { changes: input };
  if (input.status && input.status !== before.status)
    payload.status = { before: before.status, after: input.status };
  // Routing listens for site status changes to re-queue a down site's contacts.
  await emit(tx, {
    organizationId: actor.organizationId,
    vendorId: site.vendor_id,
    type: payload.status ? 'site.status_changed' : 'site.updated',
    subjectId: id,
    payload,
  });
  await record(tx, actor, {
    action: payload.status ? 'site.status_changed' : 'site.updated',
    objectType: 'site',
    objectId: id,
    vendorId: site.vendor_id,
    details: { name: site.name, changes: changes(before, site, Object.keys(input)) },
  });
  return site;
}

export function listTeams(tx: Tx, filter: Parameters<typeof repo.listTeams>[1]) {
  return repo.listTeams(tx, filter);
}

export async function getTeam(tx: Tx, id: string) {
  const team = await repo.findTeam(tx, id);
  if (!team) throw new NotFound('Team', id);
  return team;
}

async function requireSiteOfVendor(tx: Tx, siteId: string | null | undefined, vendorId: string) {
  if (!siteId) return;
  const site = await repo.findSite(tx, siteId);
  if (!site || site.vendor_id !== vendorId) {
    throw new Invalid('The site is not one of this vendor’s sites', [
      { path: 'body.site_id', message: 'site of another vendor' },
    ]);
  }
}

export async function createTeam(tx: Tx, actor: Actor, input: z.output<typeof teamCreate>) {
  await requireVisibleVendor(tx, input.vendor_id);
  await requireSiteOfVendor(tx, input.site_id, input.vendor_id);
  const team = await repo.insertTeam(tx, { organization_id: actor.organizationId, ...input });
  await emit(tx, {
    organizationId: actor.organizationId,
    vendorId: team.vendor_id,
    type: 'team.created',
    subjectId: team.id,
  });
  await record(tx, actor, {
    action: 'team.created',
    objectType: 'team',
    objectId: team.id,
    vendorId: team.vendor_id,
    details: snapshot(team, Object.keys(input)),
  });
  return team;
}

export async function updateTeam(tx: Tx, actor: Actor, id: string, input: z.output<typeof teamUpdate>) {
  const before = await getTeam(tx, id);
  await requireSiteOfVendor(tx, input.site_id, before.vendor_id);
  const team = await repo.updateTeam(tx, id, { ...input, updated_at: new Date().toISOString() });
  if (!team) throw new NotFound('Team', id);
  await emit(tx, {
    organizationId: actor.organizationId,
    vendorId: team.vendor_id,
    type: 'team.updated',
    subjectId: id,
  });
  await record(tx, actor, {
    action: 'team.updated',
    objectType: 'team',
    objectId: id,
    vendorId: team.vendor_id,
    details: { name: team.name, changes: changes(before, team, Object.keys(input)) },
  });
  return team;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** For other modules and the CLI: the visible vendor with this id or exact name, or undefined. */
export function findVendorByRef(tx: Tx, ref: string) {
  return UUID.test(ref) ? repo.findVendor(tx, ref) : repo.findVendorByName(tx, ref);
}

/** For other modules: the visible site or team, or undefined, so callers choose their own error. */
export function findSite(tx: Tx, id: string) {
  return repo.findSite(tx, id);
}

export function findTeam(tx: Tx, id: string) {
  return repo.findTeam(tx, id);
}

export type { CursorPosition };
