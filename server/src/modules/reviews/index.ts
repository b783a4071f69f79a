export { mailReviewPacks, previousMonth } from './jobs/mail-review-packs.js';
export { renderPack, renderPackBytes } from './layout.js';
export type { ReviewPack } from './pack.js';
export { businessReviewRoutes } from './routes.js';
export { gatherPack, packFilename } from './service.js';
