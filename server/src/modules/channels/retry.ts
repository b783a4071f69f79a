import type { Tx } from '../../platform/db/transaction.js';
import { Invalid, NotFound } from '../../platform/errors.js';
import { messageDelivery, recordMessageDelivery } from '../tickets/index.js';
import { retryMessageDeliveries } from '../webhooks/index.js';
import { retryEmail } from './email/index.js';

/**
 * An agent asks for a failed reply to be sent again, by whichever channel it went: its email
 * delivery or its social-bridge deliveries start a fresh round of attempts.
 */
export async function retryDelivery(tx: Tx, messageId: string) {
  const message = await messageDelivery(tx, messageId);
  if (!message) throw new NotFound('Message', messageId);
  if (message.delivery_status !== 'failed') {
    throw new Invalid('Only a failed delivery can be retried', [
      {
        path: 'params.id',
        message: `delivery is ${message.delivery_status ?? 'not tracked for this message'}`,
      },
    ]);
  }
  const requeued = (await retryEmail(tx, messageId)) || (await retryMessageDeliveries(tx, messageId)) > 0;
  if (!requeued) {
    throw new Invalid('There is nothing to send it through', [
      { path: 'params.id', message: message.delivery_error ?? 'no channel delivery exists for this message' },
    ]);
  }
  await recordMessageDelivery(tx, messageId, { status: 'pending' });
  return { ...message, delivery_status: 'pending' as const, delivery_error: null, delivered_at: null };
}
