export { userRoutes } from './routes.js';
export { userCreate } from './schemas.js';
export {
  awayWhenIdle,
  countOnlineAgents,
  findUserByEmail,
  getUser,
  provisionUser,
  touchPresence,
} from './service.js';
