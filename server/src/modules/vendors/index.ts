export { vendorRoutes } from './routes.js';
export { timeZone } from './schemas.js';
export {
  allVendors,
  findSite,
  findTeam,
  findVendorByRef,
  getSite,
  getTeam,
  getVendor,
  markVendorOffboarded,
  setSiteDataRegions,
} from './service.js';
