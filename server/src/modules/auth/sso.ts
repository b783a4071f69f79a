import type { Role } from '../../platform/db/schema.js';

/**
 * Single sign-on decisions without I/O (docs/security.md#single-sign-on): which roles a provider may
 * grant, which role a user's claims map to, and where a finished sign-in may send the browser.
 */

/** What a vendor's provider may grant, and what the brand's may: never a role of the other side. */
export const SSO_ROLES = {
  vendor: ['vendor_admin', 'team_lead', 'agent', 'qa_reviewer'],
  brand: ['brand_admin', 'brand_analyst', 'qa_reviewer', 'auditor'],
} as const satisfies Record<string, readonly Role[]>;

export const rolesFor = (vendorId: string | null): readonly Role[] =>
  vendorId === null ? SSO_ROLES.brand : SSO_ROLES.vendor;

/** Most rights first: a user in several mapped groups gets the strongest role the map grants. */
const STRENGTH: Role[] = [
  'brand_admin',
  'vendor_admin',
  'brand_analyst',
  'auditor',
  'qa_reviewer',
  'team_lead',
  'agent',
];

/** The claim's values: an array of strings, or one string (space- or comma-separated lists too). */
export function claimValues(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((v): v is string => typeof v === 'string');
  if (typeof claim === 'string') return claim.split(/[\s,]+/).filter(Boolean);
  return [];
}

/**
 * The role a new user gets from their claims: the strongest role their groups map to, else the
 * provider's default; null when neither applies (the sign-in is refused). A role of the other side
 * is never granted, whatever the map says.
 */
export function roleFromClaims(
  claims: Record<string, unknown>,
  provider: {
    roles_claim: string;
    role_map: Record<string, Role>;
    default_role: Role | null;
    vendor_id: string | null;
  },
): Role | null {
  const allowed = rolesFor(provider.vendor_id);
  const mapped = claimValues(claims[provider.roles_claim])
    .map((v) => provider.role_map[v])
    .filter((r): r is Role => r !== undefined && allowed.includes(r));
  const best = STRENGTH.find((r) => mapped.includes(r));
  if (best) return best;
  return provider.default_role && allowed.includes(provider.default_role) ? provider.default_role : null;
}

/** A path on this server to go to after signing in; anything else (another host, a scheme) is '/'. */
export function safeRedirect(target: string | undefined): string {
  if (!target?.startsWith('/') || target.startsWith('//') || /[\\\s]/.test(target)) return '/';
  return target;
}

/** An issuer must be HTTPS; plain HTTP only on this machine (development and tests). */
export function issuerProblem(issuer: string): string | null {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return 'not a URL';
  }
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) return null;
  return 'must start with https:// (http:// only for localhost)';
}

export const isLoopbackHttp = (issuer: string) => new URL(issuer).protocol === 'http:';
