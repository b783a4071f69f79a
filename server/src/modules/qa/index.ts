export { qaCheckRoutes } from './checks.routes.js';
export { qaChecksConsumer } from './consumer.js';
export { qaRoutes } from './routes.js';
