export { SCIM_PREFIX, scimRoutes } from './routes.js';
export { revokeToken as revokeScimToken } from './service.js';
export { scimTokenRoutes } from './token-routes.js';
