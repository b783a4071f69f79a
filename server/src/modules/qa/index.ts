export { qaRoutes } from './routes.js';
