export { chatRoutes } from './routes.js';
export { widgetRoutes } from './widget-assets.js';
export { findOrganizationBySlug, loadOrCreateSecret as loadChatSecret } from './repository.js';
export { verifyVisitorToken } from './visitor-token.js';
