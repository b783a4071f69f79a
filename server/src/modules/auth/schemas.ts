import { z } from 'zod';
import { PERMISSIONS } from '../../platform/auth/permissions.js';
import { ROLES } from '../../platform/db/schema.js';

export const loginBody = z.object({
  email: z.string().trim().email().max(320),
  password: z.string().min(1).max(1024),
});

export const passwordBody = z.object({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(12, 'use at least 12 characters').max(1024),
  revokeTokens: z
    .boolean()
    .default(false)
    .describe('Also revoke every API token of mine (they survive a password change otherwise).'),
});

export const passwordChanged = z.object({
  sessionsEnded: z.number().int().describe('My other sessions that were ended.'),
  tokensRevoked: z.number().int().describe('My API tokens revoked by this change (0 unless revokeTokens).'),
  tokensRemaining: z.number().int().describe('My API tokens that still work (not revoked, not expired).'),
});

export const actorView = z.object({
  userId: z.string().uuid(),
  organizationId: z.string().uuid(),
  role: z.enum(ROLES),
  vendorId: z.string().uuid().nullable(),
  siteId: z.string().uuid().nullable(),
  teamId: z.string().uuid().nullable(),
  scopes: z.array(z.string()).optional(),
});

/** The caller and what it may do: role permissions narrowed by the token's scopes. */
export const meView = actorView.extend({
  displayName: z.string().describe('the name the console shows'),
  email: z.string(),
  vendorName: z.string().nullable().describe('the caller’s vendor; null for brand users'),
  permissions: z
    .array(z.enum(PERMISSIONS))
    .describe(
      'What this caller may do (the role matrix, narrowed by an API token’s scopes); the console hides the rest.',
    ),
});

export const loginResponse = z.object({ actor: actorView, csrfToken: z.string(), expiresAt: z.string() });

export const tokenBody = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(PERMISSIONS)).min(1).max(PERMISSIONS.length),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
  userId: z.string().uuid().optional().describe('Issue for another user (needs tokens:manage).'),
});

export const tokenView = z.object({
  id: z.string().uuid(),
  user_id: z.string().uuid(),
  name: z.string(),
  scopes: z.array(z.string()),
  expires_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
  last_used_at: z.string().nullable(),
  created_at: z.string(),
});

export const createdToken = tokenView.extend({
  token: z.string().describe('Shown once; only its hash is stored.'),
});

export const idParams = z.object({ id: z.string().uuid() });

/** The password step's answer when a second factor is due (docs/security.md): no session yet. */
export const mfaRequiredResponse = z.object({
  mfaRequired: z.literal(true),
  challenge: z
    .string()
    .describe(
      'Send to POST /auth/mfa/verify (or, when enrol, /auth/mfa/enrol and /confirm); valid 5 minutes.',
    ),
  enrol: z
    .boolean()
    .describe(
      'True: the brand requires MFA and this user has none yet; the challenge allows enrolment only.',
    ),
  expiresAt: z.string(),
});

export const mfaVerifyBody = z.object({
  challenge: z.string().min(1).max(200),
  code: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .describe('A 6-digit code from the authenticator, or a recovery code.'),
});

export const mfaEnrolBody = z
  .object({
    challenge: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('The sign-in challenge, when enrolment is required before the first session.'),
  })
  .default({});

export const mfaEnrolment = z.object({
  secret: z.string().describe('Base32 TOTP secret, for typing into an authenticator; shown this once.'),
  otpauthUri: z.string().describe('otpauth://totp/… for a QR code; shown this once.'),
});

export const mfaConfirmBody = z.object({
  code: z.string().trim().min(6).max(16).describe('A 6-digit code from the new authenticator.'),
  challenge: z.string().min(1).max(200).optional(),
});

export const mfaConfirmed = z.object({
  recoveryCodes: z.array(z.string()).describe('Ten one-time codes; shown once, only their hashes are kept.'),
  signedIn: loginResponse
    .nullable()
    .describe('Set when confirming through a sign-in challenge: the session is open.'),
});

export const mfaDisableBody = z.object({
  code: z.string().trim().min(1).max(64).describe('A current 6-digit code or an unused recovery code.'),
});

export const mfaStatus = z.object({
  enrolled: z.boolean(),
  enrolledAt: z.string().nullable(),
  required: z.boolean().describe('Whether the brand’s policy requires MFA of me.'),
  recoveryCodesLeft: z.number().int(),
});

export const mfaPolicy = z.object({
  required_for: z
    .union([
      z.enum(['none', 'all']),
      z.object({
        brand_staff: z.boolean().default(false).describe('Users without a vendor.'),
        vendor_ids: z.array(z.string().uuid()).max(500).default([]).describe('Every user of these vendors.'),
      }),
    ])
    .describe("Who must use MFA: 'none', 'all', or brand staff and/or the users of listed vendors."),
});

export const mfaReset = z.object({ userId: z.string().uuid(), wasEnrolled: z.boolean() });

export const sessionView = z.object({
  id: z.string().uuid().describe('Non-secret id of the session (never its token)'),
  createdAt: z.string().describe('When it was signed in'),
  lastSeenAt: z.string().describe('Last request, to the minute'),
  expiresAt: z.string(),
  device: z.string().describe('Browser and operating system, e.g. "Firefox 128 on Windows 10"'),
  browser: z.string().nullable(),
  os: z.string().nullable(),
  ip: z.string().nullable().describe('The address it was signed in from'),
  current: z.boolean().describe('This is the session making the request'),
});

export const sessionList = z.object({ items: z.array(sessionView) });
