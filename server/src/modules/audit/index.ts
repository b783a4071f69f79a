export { changes, snapshot } from './details.js';
export { auditRoutes } from './routes.js';
export {
  type AuditActor,
  type AuditEntry,
  record,
  recordExport,
  type VerifyOutcome,
  verifyAll,
} from './service.js';
