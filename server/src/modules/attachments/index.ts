export { eraseAttachments, eraseAttachmentsBefore, keysInUse as attachmentKeysInUse } from './repository.js';
export { attachmentRoutes } from './routes.js';
export { assertFilesOfTicket, recordAttachments, type StoredFile, storeFile } from './service.js';
