export { vendorRoutes } from './routes.js';
export { getSite, getTeam, getVendor } from './service.js';
export { timeZone } from './schemas.js';
