export { SCIM_PREFIX, scimRoutes } from './routes.js';
export { scimTokenRoutes } from './token-routes.js';
