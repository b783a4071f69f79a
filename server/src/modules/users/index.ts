export { userRoutes } from './routes.js';
export { userCreate } from './schemas.js';
export { findUserByEmail, provisionUser } from './service.js';
