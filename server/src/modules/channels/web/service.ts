import type { z } from 'zod';
import type { Keyring } from '../../../platform/crypto/keyring.js';
import type { Database } from '../../../platform/db/database.js';
import { type Actor, type Tx, withActor, withSystem } from '../../../platform/db/transaction.js';
import { Invalid, TooManyRequests } from '../../../platform/errors.js';
import { upsertCustomerByIdentity } from '../../customers/index.js';
import { findOrganizationBySlug } from '../../organizations/index.js';
import { openTicket } from '../../tickets/index.js';
import * as repo from './repository.js';
import type { webFormSubmission } from './schemas.js';

/**
 * The public ticket form: anyone may post, so the submission runs with brand-level row security in
 * the named organization only, is limited per email address (in PostgreSQL, so across processes),
 * and answers with nothing but the ticket's reference.
 */

type Submission = z.output<typeof webFormSubmission>;

/**
 * The actor for a write no user makes (a customer posting the public web form): brand-level row
 * security within one organization, and history recorded as the customer's, not a user's.
 */
function publicIntakeActor(organizationId: string): Actor {
  return {
    userId: '',
    organizationId,
    role: 'brand_admin',
    vendorId: null,
    siteId: null,
    teamId: null,
    scopes: [],
  };
}

export async function submitWebForm(
  database: Database,
  input: Submission,
  maxPerHour: number,
  keyringOf: () => Keyring,
): Promise<{ reference: string }> {
  const org = await withSystem(database.db, (tx) => findOrganizationBySlug(tx, input.organization));
  if (!org) {
    throw new Invalid('There is no such organization', [
      { path: 'body.organization', message: 'unknown organization' },
    ]);
  }
  const actor = publicIntakeActor(org.id);
  // The form's fields may be ones the brand seals: the keyring is made ready outside the transaction.
  const keyring = Object.keys(input.fields ?? {}).length ? keyringOf() : undefined;
  await keyring?.ready();
  return withActor(database.db, actor, async (tx: Tx) => {
    await repo.lockSender(tx, org.id, input.email);
    if ((await repo.recentSubmissions(tx, input.email)) >= maxPerHour) {
      throw new TooManyRequests('Too many requests from this email address; try again later', [
        { path: 'body.email', message: `at most ${maxPerHour} per hour` },
      ]);
    }
    const customer = await upsertCustomerByIdentity(
      tx,
      actor,
      [{ kind: 'email', value: input.email }],
      input.name,
    );
    const { ticket } = await openTicket(tx, {
      organizationId: org.id,
      by: { kind: 'customer' },
      subject: input.subject,
      channel: 'web',
      customer,
      vendorId: null,
      customFields: input.fields,
      keyring,
      message: { author: 'customer', channel: 'web', bodyText: input.message },
    });
    return { reference: `#${ticket.number}` };
  });
}

/** What a bot that filled the honeypot is told: indistinguishable from a real receipt. */
export function decoyReceipt(): { reference: string } {
  return { reference: `#${100_000 + Math.floor(Math.random() * 900_000)}` };
}
