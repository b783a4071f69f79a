import { z } from 'zod';
import { ROLES } from '../../platform/db/schema.js';

const roleMap = z
  .record(z.string().trim().min(1).max(200), z.enum(ROLES))
  .refine((m) => Object.keys(m).length <= 50, 'at most 50 groups')
  .describe('Which value of the roles claim grants which Tandem role, e.g. {"cc-agents": "agent"}.');

const fields = {
  name: z.string().trim().min(1).max(100).describe('Shown on the sign-in button, e.g. "Pacific SSO".'),
  issuer: z
    .string()
    .trim()
    .url()
    .max(500)
    .describe('The OpenID Connect issuer (discovery URL without /.well-known).'),
  client_id: z.string().trim().min(1).max(500),
  client_secret: z.string().min(1).max(2000).describe('Stored encrypted; never shown again.'),
  roles_claim: z.string().trim().min(1).max(100).describe('The ID token claim listing the user’s groups.'),
  role_map: roleMap,
  default_role: z
    .enum(ROLES)
    .nullable()
    .describe('The role of a new user whose groups map to none; null refuses them.'),
  password_login: z.boolean().describe('false: these users can only sign in here, not with a password.'),
  enabled: z.boolean(),
};

export const ssoProviderCreate = z
  .object({
    vendor_id: z
      .string()
      .uuid()
      .nullable()
      .default(null)
      .describe('Whose people: a vendor’s, or null for the brand’s staff.'),
    ...fields,
    roles_claim: fields.roles_claim.default('groups'),
    role_map: roleMap.default({}),
    default_role: fields.default_role.default(null),
    password_login: fields.password_login.default(true),
    enabled: fields.enabled.default(true),
  })
  .strict();

export const ssoProviderPatch = z.object(fields).partial().strict();

export const ssoProviderView = z.object({
  id: z.string().uuid(),
  vendor_id: z.string().uuid().nullable(),
  name: z.string(),
  issuer: z.string(),
  client_id: z.string(),
  roles_claim: z.string(),
  role_map: z.record(z.string(), z.enum(ROLES)),
  default_role: z.enum(ROLES).nullable(),
  password_login: z.boolean(),
  enabled: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const ssoOptions = z.object({
  items: z.array(z.object({ id: z.string().uuid(), name: z.string() })),
});

export const ssoStartQuery = z.object({
  redirect: z.string().max(2000).optional().describe('A path of this console to open after signing in.'),
});

export const ssoIdParams = z.object({ id: z.string().uuid() });
