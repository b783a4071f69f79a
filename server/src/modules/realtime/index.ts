export { PROTOCOL_VERSION, viewOf } from './audience.js';
export { realtimeRoutes } from './routes.js';
