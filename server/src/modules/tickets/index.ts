export {
  emailIdsBefore,
  messageDelivery,
  type ReplyContext,
  recordMessageDelivery,
  replyContexts,
} from './delivery.js';
export { findByExternalId, getTicketNumber, recordInboundMessage } from './intake.js';
export { ticketRoutes } from './routes.js';
export { sanitizeMessageHtml } from './sanitize.js';
export { messageView, ticketView } from './schemas.js';
