export { ticketActivityRoutes } from './routes.js';
export { storeActivity } from './service.js';
