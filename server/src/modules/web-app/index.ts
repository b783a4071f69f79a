export { CONTENT_SECURITY_POLICY, WEB_DIST, webAppRoutes } from './routes.js';
