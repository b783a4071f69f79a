export { billingRoutes } from './routes.js';
