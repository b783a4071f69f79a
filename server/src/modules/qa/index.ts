export {
  closeSession,
  createSession as createCalibration,
  submitScore as submitCalibrationScore,
} from './calibration.service.js';
export { qaCheckRoutes } from './checks.routes.js';
export { checkReplies, putVoiceRules } from './checks.service.js';
export { qaCoachingRoutes } from './coaching.routes.js';
export {
  createSession as createCoachingSession,
  holdSession as holdCoachingSession,
  patchAction as patchCoachingAction,
} from './coaching.service.js';
export { qaChecksConsumer } from './consumer.js';
export { acceptDispute, raiseDispute, rejectDispute } from './disputes.service.js';
export { IQS_VARIANT } from './iqs.js';
export { IQS_GROUPS, type IqsGroup, iqsOf } from './iqs.service.js';
export { sampleLastWeek } from './jobs/sample-week.js';
export { qaRoutes } from './routes.js';
export { qaSamplingRoutes } from './sampling.routes.js';
export { createRule as createSamplingRule, lastWeek, runRuleAsCreator } from './sampling.service.js';
export { iqsFigure } from './schemas.js';
export { createReview, createScorecard, submitReview } from './service.js';
