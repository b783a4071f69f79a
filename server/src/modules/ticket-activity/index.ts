export { ticketActivityRoutes } from './routes.js';
