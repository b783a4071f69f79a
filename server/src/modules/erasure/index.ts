export { erasureRoutes } from './routes.js';
export { eraseCustomer, exportCustomer } from './service.js';
