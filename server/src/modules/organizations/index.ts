export { organizationRoutes } from './routes.js';
export { slug } from './schemas.js';
export { createOrganization, soleOrganization } from './service.js';
