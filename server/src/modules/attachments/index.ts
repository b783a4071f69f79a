export { attachmentRoutes } from './routes.js';
export { recordAttachments, type StoredFile, storeFile } from './service.js';
