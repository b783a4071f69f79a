import { routeDue, SweepContext } from '../src/modules/routing/index.js';
import { outboxConsumers } from '../src/outbox.js';
import type { Channel } from '../src/platform/db/schema.js';
import { withSystem } from '../src/platform/db/transaction.js';
import { dispatchOnce } from '../src/platform/outbox/dispatcher.js';
import type { TestContext } from './harness.js';

/** Dispatches every pending outbox event (routing's consumer files them), then routes everything routable. */
export async function pumpRouting(t: Pick<TestContext, 'database' | 'config'>, now?: () => Date) {
  while ((await dispatchOnce(t.database.db, outboxConsumers, t.config)) > 0) {
    // drain
  }
  const ctx = new SweepContext(t.database.db, { retrySeconds: 15, ...(now ? { now } : {}) });
  const totals = { assigned: 0, waiting: 0, skipped: 0 };
  for (;;) {
    const r = await routeDue(ctx, { all: true, limit: 500 });
    totals.assigned += r.assigned;
    totals.waiting += r.waiting;
    totals.skipped += r.skipped;
    // One pass over all routable tickets is a sweep; stop once a pass assigns nothing new.
    if (r.assigned === 0) break;
  }
  return totals;
}

/** An agent at a site with skills, languages, per-channel capacity and presence, written as the owner. */
export async function makeAgent(
  t: TestContext,
  vendorId: string,
  siteId: string,
  options: {
    skills?: Record<string, number>;
    languages?: string[];
    capacity?: Partial<Record<Channel, number>>;
    online?: boolean;
    teamId?: string;
  } = {},
) {
  const user = await t.make.user('agent', vendorId, {
    siteId,
    ...(options.teamId ? { teamId: options.teamId } : {}),
  });
  await withSystem(t.database.db, async (tx) => {
    await tx
      .updateTable('users')
      .set({ languages: options.languages ?? ['en'] })
      .where('id', '=', user.userId)
      .execute();
    const skills = Object.entries(options.skills ?? {});
    if (skills.length)
      await tx
        .insertInto('agent_skills')
        .values(skills.map(([skill, proficiency]) => ({ user_id: user.userId, skill, proficiency })))
        .execute();
    const capacity = Object.entries(options.capacity ?? { email: 5, chat: 3, phone: 1 }) as [
      Channel,
      number,
    ][];
    if (capacity.length)
      await tx
        .insertInto('agent_capacities')
        .values(capacity.map(([channel, max]) => ({ user_id: user.userId, channel, max_concurrent: max })))
        .execute();
    await tx
      .insertInto('agent_presence')
      .values({
        user_id: user.userId,
        organization_id: user.organizationId,
        vendor_id: vendorId,
        status: options.online === false ? 'offline' : 'online',
      })
      .execute();
  });
  return user;
}
