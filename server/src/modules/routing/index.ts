export { unpinTickets } from './admin-repository.js';
export { routingConsumer, routingSweeper } from './consumer.js';
export { routeDue, routeTicket, SweepContext } from './router.js';
export { routingRoutes } from './routes.js';
