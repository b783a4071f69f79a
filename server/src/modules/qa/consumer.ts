import type { OutboxConsumer } from '../../platform/outbox/dispatcher.js';
import { checkReplies } from './checks.service.js';

/**
 * Runs the automated QA checks on every agent's public reply, in the dispatcher's transaction.
 * qa_checked_messages makes it once per message, however often an event is replayed.
 */
export const qaChecksConsumer: OutboxConsumer = {
  name: 'qa-checks',
  async consume(tx, events) {
    const replies = events.filter(
      (e) =>
        e.type === 'message.created' && e.payload.authorKind === 'agent' && e.payload.visibility === 'public',
    );
    await checkReplies(
      tx,
      replies.map((e) => e.subject_id),
    );
  },
};
