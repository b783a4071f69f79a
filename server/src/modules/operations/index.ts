export { operationsRoutes } from './routes.js';
