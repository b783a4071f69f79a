export { setPasswordHash } from './repository.js';
export { userRoutes } from './routes.js';
export { userCreate } from './schemas.js';
export {
  awayWhenIdle,
  countOnlineAgents,
  createUser,
  findUserByEmail,
  getUser,
  provisionUser,
  touchPresence,
  updateUser,
} from './service.js';
