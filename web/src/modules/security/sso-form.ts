import { ROLES, ssoRolesFor } from '../../api/server-schemas';

export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  brand_admin: 'Brand admin',
  brand_analyst: 'Brand analyst',
  vendor_admin: 'Vendor admin',
  team_lead: 'Team lead',
  agent: 'Agent',
  qa_reviewer: 'QA reviewer',
  auditor: 'Auditor',
};

/** Roles a provider may grant: never a role of the other side (the server's own rule). */
export const grantableRoles = (vendorId: string | null): Role[] => [...ssoRolesFor(vendorId)];

/** `{ "cc-agents": "agent" }` as the textarea shows it, one "group = role" a line. */
export const roleMapText = (map: Record<string, string>) =>
  Object.entries(map)
    .map(([group, role]) => `${group} = ${role}`)
    .join('\n');

/**
 * The textarea's lines back into a role map; a line that is not "group = role" with a known role is
 * an error in words naming the line. Empty lines are skipped.
 */
export function parseRoleMap(text: string): { map: Record<string, Role> } | { error: string } {
  const map: Record<string, Role> = {};
  const lines = text.split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line) continue;
    const at = line.lastIndexOf('=');
    const group = at > 0 ? line.slice(0, at).trim() : '';
    const role = at > 0 ? line.slice(at + 1).trim() : '';
    if (!group || !role)
      return { error: `Line ${i + 1}: write it as “group = role”, e.g. cc-agents = agent` };
    const known = ROLES.find((r) => r === role || ROLE_LABELS[r].toLowerCase() === role.toLowerCase());
    if (!known) return { error: `Line ${i + 1}: “${role}” is not a role (${ROLES.join(', ')})` };
    if (group in map) return { error: `Line ${i + 1}: “${group}” is there twice` };
    map[group] = known;
  }
  return { map };
}

/** Field errors keyed by form field: every "role_map.<group>" message lands on role_map. */
export function ssoFieldErrors(fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(fields)) {
    const field = path.startsWith('role_map') ? 'role_map' : path;
    out[field] ??= path.startsWith('role_map.') ? `${path.slice('role_map.'.length)}: ${message}` : message;
  }
  return out;
}

/** The redirect URI to register at the identity provider (docs/security.md#single-sign-on). */
export const ssoCallbackUrl = (origin: string, providerId: string) =>
  `${origin.replace(/\/$/, '')}/api/v1/auth/sso/${providerId}/callback`;
