export { findPii, maskPii, maskValue, type PiiKind, type PiiSpan } from './pii.js';
