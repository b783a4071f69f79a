export { vendorRoutes } from './routes.js';
export { timeZone } from './schemas.js';
export { getSite, getTeam, getVendor } from './service.js';
