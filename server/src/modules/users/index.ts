export { userRoutes } from './routes.js';
export { findUserByEmail, provisionUser } from './service.js';
