export {
  type IdentityKind,
  type KnownValue,
  knownValuesOf,
  maskedCustomer,
  maskIdentity,
  maskName,
  maskText,
} from './masking.js';
export { findPii, maskPii, maskValue, type PiiKind, type PiiSpan } from './pii.js';
export { eraseRevealReasons } from './repository.js';
export { privacyRoutes } from './routes.js';
export { sealedCustomFieldKeys } from './sealed-fields.js';
export { type Masking, maskingFor, setPolicy as setMaskingPolicy, UNMASKED } from './service.js';
