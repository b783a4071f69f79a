export { savedViewRoutes } from './routes.js';
