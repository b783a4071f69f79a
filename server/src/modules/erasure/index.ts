export { applyRetentionDaily } from './jobs/apply-retention.js';
export { applyRetention } from './retention.js';
export { erasureRoutes } from './routes.js';
export { eraseCustomer, exportCustomer } from './service.js';
