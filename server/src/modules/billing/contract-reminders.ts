import type { Kysely } from 'kysely';
import { ROLE_PERMISSIONS } from '../../platform/auth/permissions.js';
import type { DB } from '../../platform/db/schema.js';
import { ROLES } from '../../platform/db/schema.js';
import { withSystem } from '../../platform/db/transaction.js';
import { record } from '../audit/index.js';
import { notify } from '../sla/index.js';
import { dayOf, dueReminders, noticeDeadline, type Reminder, type ReminderKind } from './contract-dates.js';
import * as repo from './repository.js';

/** Roles that manage billing: they get the reminders. */
const BILLING_MANAGER_ROLES = ROLES.filter((r) => ROLE_PERMISSIONS[r].has('billing:manage'));

type Contract = Awaited<ReturnType<typeof repo.contractsWithTerm>>[number];

function titleOf(c: Contract, kind: ReminderKind, deadline: string | null, termEnd: string) {
  const what = `${c.name} (${c.vendor_name})`;
  if (kind === 'notice_30') return `Contract ${what}: notice deadline in 30 days, ${deadline}`;
  if (kind === 'notice_7') return `Contract ${what}: notice deadline in 7 days, ${deadline}`;
  return `Contract ${what}: the term ends today, ${termEnd}${c.auto_renews ? ' (it renews)' : ''}`;
}

/** One reminder of one contract: recorded once, then the brand's billing managers notified and audited. */
async function sendOne(db: Kysely<DB>, c: Contract, reminder: Reminder, today: string, now: Date) {
  return withSystem(db, async (tx) => {
    const claimed = await repo.claimReminder(tx, {
      organization_id: c.organization_id,
      vendor_id: c.vendor_id,
      contract_id: c.id,
      kind: reminder.kind,
      due_on: reminder.due_on,
      sent_at: now.toISOString(),
    });
    if (!claimed) return 0;
    const deadline = noticeDeadline(c, today);
    const termEnd = reminder.kind === 'term_end' ? reminder.due_on : null;
    const managers = await repo.brandUsersOfRoles(tx, c.organization_id, BILLING_MANAGER_ROLES);
    const data = {
      contract_id: c.id,
      vendor_id: c.vendor_id,
      reminder: reminder.kind,
      due_on: reminder.due_on,
      notice_deadline: deadline,
      auto_renews: c.auto_renews,
    };
    await notify(
      tx,
      managers.map((m) => ({
        organizationId: c.organization_id,
        userId: m.id,
        kind: `contract.${reminder.kind}`,
        title: titleOf(c, reminder.kind, deadline, termEnd ?? reminder.due_on),
        data,
      })),
    );
    await record(
      tx,
      { organizationId: c.organization_id, system: 'billing.contract-reminders' },
      {
        action: 'contract.reminder_sent',
        objectType: 'vendor_contract',
        objectId: c.id,
        vendorId: c.vendor_id,
        details: { ...data, notified: managers.map((m) => m.id) },
      },
      now,
    );
    return 1;
  });
}

/**
 * The daily run at `now`: for every contract with a term, each reminder due today (or missed by up
 * to CATCH_UP_DAYS) is sent once, one transaction per reminder. Returns how many were sent.
 */
export async function sendContractReminders(db: Kysely<DB>, now: Date) {
  const today = dayOf(now);
  const contracts = await withSystem(db, (tx) => repo.contractsWithTerm(tx));
  let sent = 0;
  for (const c of contracts)
    for (const reminder of dueReminders(c, today)) sent += await sendOne(db, c, reminder, today, now);
  return { sent };
}
