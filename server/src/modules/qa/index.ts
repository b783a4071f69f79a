export {
  closeSession,
  createSession as createCalibration,
  submitScore as submitCalibrationScore,
} from './calibration.service.js';
export { acceptDispute, raiseDispute, rejectDispute } from './disputes.service.js';
export { qaRoutes } from './routes.js';
export { createReview, createScorecard, submitReview } from './service.js';
