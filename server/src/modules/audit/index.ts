export { type AuditActor, type AuditEntry, record, type VerifyOutcome, verifyAll } from './service.js';
