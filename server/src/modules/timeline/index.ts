export { timelineRoutes } from './routes.js';
export { historySeenByReader } from './service.js';
