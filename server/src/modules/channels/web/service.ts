import type { z } from 'zod';
import type { Database } from '../../../platform/db/database.js';
import { type Tx, withActor, withSystem } from '../../../platform/db/transaction.js';
import { Invalid, TooManyRequests } from '../../../platform/errors.js';
import { upsertCustomerByIdentity } from '../../customers/index.js';
import { findOrganizationBySlug } from '../../organizations/index.js';
import { openChannelTicket, publicIntakeActor } from '../../tickets/index.js';
import * as repo from './repository.js';
import type { webFormSubmission } from './schemas.js';

/**
 * The public ticket form: anyone may post, so the submission runs with brand-level row security in
 * the named organization only, is limited per email address (in PostgreSQL, so across processes),
 * and answers with nothing but the ticket's reference.
 */

type Submission = z.output<typeof webFormSubmission>;

export async function submitWebForm(
  database: Database,
  input: Submission,
  maxPerHour: number,
): Promise<{ reference: string }> {
  const org = await withSystem(database.db, (tx) => findOrganizationBySlug(tx, input.organization));
  if (!org) {
    throw new Invalid('There is no such organization', [
      { path: 'body.organization', message: 'unknown organization' },
    ]);
  }
  const actor = publicIntakeActor(org.id);
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
    const { ticket } = await openChannelTicket(tx, actor, {
      subject: input.subject,
      channel: 'web',
      customerId: customer.id,
      newCustomer: customer.created,
      vendorId: null,
      customFields: input.fields,
      message: { author: 'customer', body_text: input.message },
    });
    return { reference: `#${ticket.number}` };
  });
}

/** What a bot that filled the honeypot is told: indistinguishable from a real receipt. */
export function decoyReceipt(): { reference: string } {
  return { reference: `#${100_000 + Math.floor(Math.random() * 900_000)}` };
}
