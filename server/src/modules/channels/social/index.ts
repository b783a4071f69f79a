export { socialConsumer } from './consumer.js';
export { socialRoutes } from './routes.js';
