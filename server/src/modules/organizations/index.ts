export { organizationRoutes } from './routes.js';
export { slug } from './schemas.js';
export {
  allOrganizationIds,
  anyOrganization,
  createOrganization,
  findOrganizationBySlug,
  soleOrganization,
} from './service.js';
