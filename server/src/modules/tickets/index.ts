export {
  emailIdsBefore,
  messageDelivery,
  type ReplyContext,
  recordMessageDelivery,
  replyContexts,
} from './delivery.js';
export {
  addMessage,
  type NewMessage,
  openTicket,
  receiveMessage,
  recordTicketChange,
  type Writer,
  writerOf,
} from './intake.js';
export {
  findMessageByExternalId,
  findTicketByMessageExternalIds,
  findTicketByNumber,
  findTicketsByIds,
  getTicketNumber,
} from './lookup.js';
export { conversationMasking } from './masking.js';
export { eraseConversations } from './repository.js';
export { resealCustomFields } from './reseal.js';
export { ticketRoutes } from './routes.js';
export { sanitizeMessageHtml } from './sanitize.js';
export { INBOX_VIEWS, inboxRow, messageView, TICKET_SORTS, ticketView } from './schemas.js';
export { openedTicket } from './sealed-fields.js';
export { getTicket, updateTicket } from './service.js';
export { changeTicketAsSystem, returnAgentTickets } from './system-change.js';
