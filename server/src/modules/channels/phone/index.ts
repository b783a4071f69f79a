export { eraseCalls } from './repository.js';
export { phoneRoutes } from './routes.js';
