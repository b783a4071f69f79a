export { PROTOCOL_VERSION, payloadForVendor, viewOf } from './audience.js';
export { realtimeRoutes } from './routes.js';
