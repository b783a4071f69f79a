export { routingConsumer, routingSweeper } from './consumer.js';
export { seedDemoRouting } from './demo.js';
export { routeDue, routeTicket, SweepContext } from './router.js';
export { routingRoutes } from './routes.js';
