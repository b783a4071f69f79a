export { activityRoutes } from './routes.js';
export { activeSeconds, callHandleSeconds, splitHandleTime } from './handle-time.js';
