import type { Role } from '../../platform/db/schema.js';
import { SCIM_ROLES } from './resources.js';

/**
 * A SCIM User body (POST, PUT) or PatchOp (RFC 7644 §3.5.2) read into the changes Tandem can make:
 * display name, active, externalId, role. Pure. Identity providers differ in form: Okta and Azure AD
 * send `{"op":"replace","value":{"active":false}}`, others `{"op":"replace","path":"active",
 * "value":false}`; Azure AD capitalises ops ("Replace") and may send booleans as "False".
 */

export class ScimInvalid extends Error {
  constructor(
    message: string,
    readonly scimType: 'invalidValue' | 'invalidPath' | 'noTarget' | 'mutability' | 'invalidSyntax',
  ) {
    super(message);
  }
}

export interface UserChanges {
  userName?: string;
  displayName?: string;
  givenName?: string;
  familyName?: string;
  active?: boolean;
  externalId?: string | null;
  role?: Role;
}

function bool(value: unknown, path: string): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  throw new ScimInvalid(`${path} must be true or false`, 'invalidValue');
}

function text(value: unknown, path: string, max = 320): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > max)
    throw new ScimInvalid(`${path} must be a non-empty string`, 'invalidValue');
  return value.trim();
}

function role(value: unknown): Role {
  const first = Array.isArray(value) ? (value.find((r) => r?.primary) ?? value[0]) : value;
  const name = typeof first === 'object' && first !== null ? (first as { value?: unknown }).value : first;
  if (typeof name !== 'string' || !SCIM_ROLES.includes(name as Role))
    throw new ScimInvalid(`roles must hold one of ${SCIM_ROLES.join(', ')}`, 'invalidValue');
  return name as Role;
}

/** The primary (or first) email of an `emails` value. */
function email(value: unknown): string {
  if (!Array.isArray(value) || value.length === 0)
    throw new ScimInvalid('emails must be a list', 'invalidValue');
  const chosen = value.find((e) => e?.primary) ?? value[0];
  return text(chosen?.value, 'emails.value');
}

/** Sets one attribute, by a lower-cased path (schema URN prefix removed). */
function set(changes: UserChanges, path: string, value: unknown) {
  switch (path) {
    case 'username':
      changes.userName = text(value, 'userName').toLowerCase();
      return;
    case 'displayname':
    case 'name.formatted':
      changes.displayName = text(value, path, 200);
      return;
    case 'name.givenname':
      changes.givenName = text(value, path, 100);
      return;
    case 'name.familyname':
      changes.familyName = text(value, path, 100);
      return;
    case 'name':
      if (typeof value !== 'object' || value === null)
        throw new ScimInvalid('name must be an object', 'invalidValue');
      for (const [k, v] of Object.entries(value))
        if (v !== undefined) set(changes, `name.${k.toLowerCase()}`, v);
      return;
    case 'active':
      changes.active = bool(value, 'active');
      return;
    case 'externalid':
      changes.externalId = value === null ? null : text(value, 'externalId', 200);
      return;
    case 'roles':
      changes.role = role(value);
      return;
    case 'emails':
      changes.userName = email(value).toLowerCase();
      return;
    case 'emails[type eq "work"].value':
    case 'emails[primary eq true].value':
      changes.userName = text(value, path).toLowerCase();
      return;
    default:
      // Attributes Tandem keeps no place for (title, locale, phoneNumbers, the enterprise extension …)
      // are accepted and ignored, as RFC 7644 §3.3 allows for attributes a provider does not support.
      return;
  }
}

const URN = /^urn:ietf:params:scim:schemas:core:2\.0:user:/;
const normal = (path: string) => path.toLowerCase().replace(URN, '');

/** The changes a full User body (POST or PUT) asks for. */
export function readUserBody(body: Record<string, unknown>): UserChanges {
  const changes: UserChanges = {};
  for (const [key, value] of Object.entries(body)) {
    if (['schemas', 'id', 'meta', 'password'].includes(key) || value === undefined) continue;
    if (/^urn:/i.test(key)) continue; // extension schemas
    set(changes, normal(key), value);
  }
  return changes;
}

/** The changes a PatchOp asks for. */
export function readPatch(body: unknown): UserChanges {
  const ops = (body as { Operations?: unknown } | null)?.Operations;
  if (!Array.isArray(ops) || ops.length === 0)
    throw new ScimInvalid('A PatchOp needs Operations', 'invalidSyntax');
  const changes: UserChanges = {};
  for (const raw of ops) {
    const op = typeof raw?.op === 'string' ? raw.op.toLowerCase() : '';
    const path = typeof raw?.path === 'string' ? normal(raw.path) : undefined;
    if (op === 'add' || op === 'replace') {
      if (path) set(changes, path, raw.value);
      else if (typeof raw.value === 'object' && raw.value !== null && !Array.isArray(raw.value))
        for (const [key, value] of Object.entries(raw.value as Record<string, unknown>)) {
          if (!/^urn:/i.test(key) || URN.test(key.toLowerCase())) set(changes, normal(key), value);
        }
      else throw new ScimInvalid(`${op} without a path needs an object value`, 'invalidValue');
    } else if (op === 'remove') {
      if (!path) throw new ScimInvalid('remove needs a path', 'noTarget');
      if (path === 'externalid') changes.externalId = null;
      else if (['username', 'active', 'roles', 'emails', 'displayname', 'name'].includes(path))
        throw new ScimInvalid(`${raw.path} cannot be removed`, 'mutability');
    } else throw new ScimInvalid(`Unknown PATCH op ${String(raw?.op)}`, 'invalidSyntax');
  }
  return changes;
}

/** The display name from the changes, if they name one. */
export function displayNameOf(c: UserChanges): string | undefined {
  if (c.displayName) return c.displayName;
  const parts = [c.givenName, c.familyName].filter(Boolean);
  return parts.length ? parts.join(' ') : undefined;
}
