export { serviceLevelRoutes } from './routes.js';
export { countContacts, SERVICE_LEVEL_VARIANTS, serviceLevel } from './variants.js';
