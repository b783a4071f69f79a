import type { Role } from '../db/schema.js';

/**
 * What each role may do, before row-level vendor scoping narrows it further. API token scopes are a
 * subset of these names and can only take rights away from the token owner's role.
 */
export const PERMISSIONS = [
  'organization:read',
  'vendors:read',
  'vendors:write',
  'sites:write',
  'teams:write',
  'users:read',
  'users:write',
  'customers:read',
  'customers:write',
  'tickets:read',
  'tickets:write',
  'tokens:manage',
  'webhooks:manage',
  /** Channel configuration: support addresses, mail capture. Brand admins. */
  'channels:manage',
  /** For integrations that feed a channel (CTI phone events, social bridges): brand admins' tokens. */
  'channels:ingest',
  /** Share a saved inbox view with the vendor (or, for brand users, the whole organization). */
  'views:share',
  /** Write macros: brand admins' are approved at once, vendor admins' and team leads' are proposals. */
  'macros:write',
  /** Approve a vendor's proposed macro. Brand admins. */
  'macros:approve',
  /** SLA policies and contract service-level targets: brand admins. */
  'sla:manage',
  /** Business calendars: brand admins (any), vendor admins (their vendor's). */
  'calendars:manage',
  /** Routing queues, rules, shares, residency and certifications. Brand admins. */
  'routing:manage',
  /** Routing queues and share figures (a vendor admin sees its own vendor's shares only). */
  'routing:read',
  /** KPI reports, survey results and their export; vendor users see only their vendor's. */
  'analytics:read',
  /** Brand-side inputs to KPIs: order counts, survey settings, rebuilding the rollup. Brand admins. */
  'analytics:manage',
  /** Background work that failed (outbox failures) and its replay. Brand admins. */
  'operations:manage',
  /** QA scorecards and their versions: brand admins and QA reviewers (a vendor's: its own scorecards). */
  'qa:manage',
  /** Draft and submit QA reviews: brand admins and QA reviewers, vendor admins (their vendor's tickets). */
  'qa:review',
  /** Dispute a submitted QA review: the reviewed agent, their team lead, their vendor admin. */
  'qa:dispute',
  /** Plan and hold coaching sessions from QA reviews, with action items: brand admins and QA reviewers, vendor admins and QA reviewers (their vendor's agents), team leads (their team's). */
  'qa:coach',
  /** Vendor contracts and invoices: create, compute, approve. Brand admins. */
  'billing:manage',
  /** Read vendor contracts and invoices: brand admins, analysts, auditors; vendor admins their own vendor's. */
  'billing:read',
  /** Read and export the audit log: brand admins and auditors (docs/audit.md). */
  'audit:read',
  /** Who must use multi-factor authentication (docs/security.md). Brand admins. */
  'security:manage',
  /** GDPR export and erasure of a customer, retention (docs/privacy.md). Brand admins. */
  'privacy:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ_ALL: Permission[] = [
  'organization:read',
  'vendors:read',
  'users:read',
  'customers:read',
  'tickets:read',
];
const WORK_TICKETS: Permission[] = [...READ_ALL, 'customers:write', 'tickets:write'];

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  brand_admin: new Set(PERMISSIONS),
  brand_analyst: new Set([...READ_ALL, 'routing:read', 'analytics:read', 'billing:read']),
  auditor: new Set([...READ_ALL, 'routing:read', 'analytics:read', 'billing:read', 'audit:read']),
  qa_reviewer: new Set([...READ_ALL, 'analytics:read', 'qa:manage', 'qa:review', 'qa:coach']),
  vendor_admin: new Set([
    ...WORK_TICKETS,
    'sites:write',
    'teams:write',
    'users:write',
    'tokens:manage',
    'webhooks:manage',
    'views:share',
    'macros:write',
    'calendars:manage',
    'routing:read',
    'analytics:read',
    'qa:manage',
    'qa:review',
    'qa:dispute',
    'qa:coach',
    'billing:read',
  ]),
  team_lead: new Set([
    ...WORK_TICKETS,
    'views:share',
    'macros:write',
    'analytics:read',
    'qa:dispute',
    'qa:coach',
  ]),
  agent: new Set([...WORK_TICKETS, 'qa:dispute']),
};

export function roleAllows(role: Role, permission: Permission, scopes?: readonly string[]): boolean {
  if (!ROLE_PERMISSIONS[role].has(permission)) return false;
  return scopes === undefined || scopes.includes(permission);
}

/** Roles a user of `role` may grant when creating or editing users. */
export function assignableRoles(role: Role): Role[] {
  if (role === 'brand_admin')
    return ['brand_admin', 'brand_analyst', 'vendor_admin', 'team_lead', 'agent', 'qa_reviewer', 'auditor'];
  if (role === 'vendor_admin') return ['vendor_admin', 'team_lead', 'agent', 'qa_reviewer'];
  return [];
}
