export { organizationRoutes } from './routes.js';
export { slug } from './schemas.js';
export { anyOrganization, createOrganization, findOrganizationBySlug, soleOrganization } from './service.js';
