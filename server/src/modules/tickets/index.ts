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
