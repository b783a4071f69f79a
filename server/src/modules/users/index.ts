export { userRoutes } from './routes.js';
export { userCreate } from './schemas.js';
export { countOnlineAgents, findUserByEmail, provisionUser } from './service.js';
