export { serviceLevelRoutes } from './routes.js';
export { attainment, listTargets, misses } from './service.js';
export { countContacts, SERVICE_LEVEL_VARIANTS, serviceLevel } from './variants.js';
