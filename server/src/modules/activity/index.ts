export { activeSeconds, callHandleSeconds, splitHandleTime } from './handle-time.js';
export { activityRoutes } from './routes.js';
