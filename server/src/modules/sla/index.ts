export { SLA_ATTAINMENT_VARIANT, slaAttainmentBy, slaVerdictsOf } from './attainment.js';
export { evaluateTickets } from './evaluate.js';
export { type NotificationInput, notify } from './notify.js';
export { slaRoutes } from './routes.js';
export {
  RECOMPUTE_BATCH,
  recomputeOnce,
  type SlaScanner,
  scanOnce,
  slaConsumer,
  startSlaScanner,
} from './scanner.js';
export { serviceLevelRoutes } from './service-level-routes.js';
export { attainment, listTargets, misses } from './service-level-service.js';
export { countContacts, SERVICE_LEVEL_VARIANTS, serviceLevel } from './service-level-variants.js';
export { SLA_METRICS, type SlaMetric } from './timers.js';
