export { macroRoutes } from './routes.js';
