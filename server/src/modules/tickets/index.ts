export { addChannelMessage, openChannelTicket, publicIntakeActor } from './intake.js';
export { ticketRoutes } from './routes.js';
export { sanitizeMessageHtml } from './sanitize.js';
export { getTicket, updateTicket } from './service.js';
