export { organizationRoutes } from './routes.js';
export { slug } from './schemas.js';
export { anyOrganization, createOrganization, soleOrganization } from './service.js';
