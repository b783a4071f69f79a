import { rebuildOutdatedRollups } from './modules/analytics/index.js';
import { purgeExpiredSessions } from './modules/auth/jobs/purge-expired-sessions.js';
import { remindContractDates } from './modules/billing/index.js';
import { resealAtRest } from './modules/encryption/index.js';
import { applyRetentionDaily } from './modules/erasure/index.js';
import { sampleLastWeek } from './modules/qa/index.js';
import { mailReviewPacks } from './modules/reviews/index.js';
import { sendNpsSurveys } from './modules/surveys/index.js';
import { purgeIdempotencyKeys } from './platform/http/purge-idempotency-keys.js';
import type { JobDefinition } from './platform/jobs/queue.js';

/** Every job type in one list: the worker runs these, and anything may send them. */
export const allJobs: JobDefinition[] = [
  purgeExpiredSessions,
  purgeIdempotencyKeys,
  sendNpsSurveys,
  mailReviewPacks,
  rebuildOutdatedRollups,
  sampleLastWeek,
  applyRetentionDaily,
  resealAtRest,
  remindContractDates,
];
