/**
 * The server's own request schemas, so a form validates exactly as the API will. Only schemas.ts
 * files (zod plus constant lists) are imported; scripts/bundle-budget.mjs fails the build if
 * server-only code (kysely, pg, node: modules) ever reaches the bundle.
 */
export { tokenBody } from '../../../server/src/modules/auth/schemas.js';
export { rolesFor as ssoRolesFor } from '../../../server/src/modules/auth/sso.js';
export { ssoProviderCreate, ssoProviderPatch } from '../../../server/src/modules/auth/sso-schemas.js';
export {
  calendarCreate,
  calendarUpdate,
  holidayCreate,
} from '../../../server/src/modules/calendars/schemas.js';
export {
  supportAddressCreate,
  supportAddressUpdate,
} from '../../../server/src/modules/channels/email/schemas.js';
export { erasureCreate, retentionPut } from '../../../server/src/modules/erasure/schemas.js';
export { PLACEHOLDERS, unknownPlaceholders } from '../../../server/src/modules/macros/placeholders.js';
export { macroCreate, macroUpdate } from '../../../server/src/modules/macros/schemas.js';
export { samplingRuleCreate } from '../../../server/src/modules/qa/sampling.schemas.js';
export { scorecardCreate, versionCreate } from '../../../server/src/modules/qa/schemas.js';
export {
  answerProblems,
  scaleValues,
  scoreReview,
} from '../../../server/src/modules/qa/scoring.js';
export {
  allocationsBody,
  queueCreate,
  queueUpdate,
  ruleCreate,
  ruleTestBody,
  ruleUpdate,
} from '../../../server/src/modules/routing/schemas.js';
export { SLA_METRICS } from '../../../server/src/modules/sla/metrics.js';
export { policyCreate, policyUpdate } from '../../../server/src/modules/sla/schemas.js';
export {
  targetCreate,
  targetUpdate,
} from '../../../server/src/modules/sla/service-level-schemas.js';
export { VARIANT_FORMULAS } from '../../../server/src/modules/sla/service-level-variants.js';
export { surveySettingsUpdate } from '../../../server/src/modules/surveys/schemas.js';
export {
  capacitiesBody,
  skillsBody,
  userCreate,
  userUpdate,
} from '../../../server/src/modules/users/schemas.js';
export {
  siteCreate,
  siteUpdate,
  teamCreate,
  teamUpdate,
  vendorCreate,
  vendorUpdate,
} from '../../../server/src/modules/vendors/schemas.js';
export { webhookCreate, webhookUpdate } from '../../../server/src/modules/webhooks/schemas.js';
export {
  assignableRoles,
  PERMISSIONS,
  type Permission,
  roleAllows,
} from '../../../server/src/platform/auth/permissions.js';
export {
  CHANNELS,
  PRIORITIES,
  QA_CHECK_NAMES,
  ROLES,
  SITE_STATUSES,
  VENDOR_KINDS,
  VENDOR_STATUSES,
  WEEKDAYS,
} from '../../../server/src/platform/db/schema.js';
