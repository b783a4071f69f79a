import type { OutboxConsumer } from '../../platform/outbox/dispatcher.js';
import { createEmailSurveys } from './service.js';

/**
 * After a solve, queue the CSAT survey (and CES when the brand turned it on) in the dispatcher's
 * transaction; the survey sender mails it. Chat tickets are rated in the widget instead.
 */
export const surveyConsumer: OutboxConsumer = {
  name: 'surveys',
  async consume(tx, events, config) {
    const solved = events
      .filter((e) => e.type === 'ticket.status_changed' && e.payload.status === 'solved')
      .map((e) => e.subject_id);
    await createEmailSurveys(
      tx,
      [...new Set(solved)],
      (s) => [...(s.csat_enabled ? (['csat'] as const) : []), ...(s.ces_enabled ? (['ces'] as const) : [])],
      config,
      new Date(),
      { skipChannels: ['chat'] },
    );
  },
};
