export { webFormRoutes } from './routes.js';
