export {
  eraseConversationsOfChat,
  findOrganizationBySlug,
  loadOrCreateSecret as loadChatSecret,
  ticketOfVisitorChat,
} from './repository.js';
export { chatRoutes } from './routes.js';
export { verifyVisitorToken } from './visitor-token.js';
export { widgetRoutes } from './widget-assets.js';
