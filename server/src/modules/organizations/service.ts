import type { Tx } from '../../platform/db/transaction.js';
import { Conflict, NotFound } from '../../platform/errors.js';
import { emit } from '../../platform/events.js';
import * as repo from './repository.js';

/** The brand itself. Creating one is an owner action (CLI, demo seed); actors only read their own. */

export async function createOrganization(tx: Tx, input: { name: string; slug: string }) {
  const org = await repo.insertOrganization(tx, input);
  if (!org)
    throw new Conflict(`An organization with the slug ${input.slug} exists already`, [
      { path: 'body.slug', message: 'already taken' },
    ]);
  await emit(tx, { organizationId: org.id, vendorId: null, type: 'organization.created', subjectId: org.id });
  return org;
}

export async function getOrganization(tx: Tx, id: string) {
  const org = await repo.findOrganization(tx, id);
  if (!org) throw new NotFound('Organization', id);
  return org;
}

/** Any organization at all, or undefined in an empty database (demo seeding checks this). */
export async function anyOrganization(tx: Tx) {
  const [first] = await repo.firstOrganizations(tx);
  return first;
}

/**
 * The one organization of a single-brand installation, for CLI commands that act on "the" brand.
 * Undefined when there is none; an error when there are several (then the command needs to be told).
 */
/** Every organization's id (installation-wide events such as a key rotation are audited in each). */
export async function allOrganizationIds(tx: Tx): Promise<string[]> {
  return (await repo.organizationIds(tx)).map((o) => o.id);
}

export async function soleOrganization(tx: Tx) {
  const orgs = await repo.firstOrganizations(tx);
  if (orgs.length > 1)
    throw new Conflict('This database holds several organizations; the CLI works on a single-brand database');
  return orgs[0];
}

/** The organization a public page (the web form) names by slug; run as the owner, before any actor exists. */
export function findOrganizationBySlug(tx: Tx, slug: string) {
  return repo.findOrganizationBySlug(tx, slug);
}
