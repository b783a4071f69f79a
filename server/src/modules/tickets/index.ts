export { ticketRoutes } from './routes.js';
export { sanitizeMessageHtml } from './sanitize.js';
