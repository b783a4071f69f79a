export { type Identity, identitiesOf } from './identity.js';
export { eraseCustomers as eraseCustomerRows, mergeFamily, setRoutingAttributes } from './repository.js';
export { customerRoutes } from './routes.js';
export { identityFields } from './schemas.js';
export {
  assertVendorMayName,
  customerResolution,
  customerSummary,
  upsertCustomerByIdentity,
} from './service.js';
