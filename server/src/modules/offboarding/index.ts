export { offboardingRoutes } from './routes.js';
