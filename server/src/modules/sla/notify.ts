import type { Tx } from '../../platform/db/transaction.js';
import * as repo from './repository.js';

/** An in-app notification for one user: the header bell lists it (GET /notifications). */
export interface NotificationInput {
  organizationId: string;
  userId: string;
  /** The vendor it concerns, if any. */
  vendorId?: string | null;
  /** `<module>.<what>`, e.g. `sla.breach`, `contract.notice_30`. */
  kind: string;
  title: string;
  /** A ticket it is about; null for anything else. */
  ticketId?: string | null;
  data?: Record<string, unknown>;
}

/**
 * Notifies users in the caller's transaction. The notifications table is this module's; other
 * modules (billing's contract reminders) write it through here.
 */
export function notify(tx: Tx, items: NotificationInput[]) {
  return repo.insertNotifications(
    tx,
    items.map((n) => ({
      organization_id: n.organizationId,
      vendor_id: n.vendorId ?? null,
      user_id: n.userId,
      ticket_id: n.ticketId ?? null,
      kind: n.kind,
      title: n.title,
      data: JSON.stringify(n.data ?? {}),
    })),
  );
}
