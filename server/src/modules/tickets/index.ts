export { findByExternalId, getTicketNumber, recordInboundMessage } from './channel-intake.js';
export {
  emailIdsBefore,
  messageDelivery,
  type ReplyContext,
  recordMessageDelivery,
  replyContexts,
} from './delivery.js';
export {
  addInboundMessage,
  findMessageByExternalId,
  findTicketByMessageExternalIds,
  findTicketByNumber,
  findTicketsByIds,
  type InboundMessage,
  openInboundTicket,
} from './intake.js';
export { ticketRoutes } from './routes.js';
export { sanitizeMessageHtml } from './sanitize.js';
export { INBOX_VIEWS, inboxRow, messageView, TICKET_SORTS, ticketView } from './schemas.js';
export { getTicket, updateTicket } from './service.js';
export { addChannelMessage, openChannelTicket, publicIntakeActor } from './system-intake.js';
