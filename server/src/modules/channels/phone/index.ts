export { phoneRoutes } from './routes.js';
