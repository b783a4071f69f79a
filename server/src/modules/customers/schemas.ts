import { z } from 'zod';
import { IDENTITY_KINDS, type IdentityKind } from '../../platform/db/schema.js';
import { pageQuery } from '../../platform/http/pagination.js';
import { normaliseIdentity } from './identity.js';

const HINTS: Record<IdentityKind, string> = {
  email: 'not an email address',
  phone: 'not a phone number in international form such as +63 917 123 4567',
  chat_visitor: 'a chat visitor id is 1–200 characters',
  external: 'an external id is 1–200 characters',
};

/** A string field that arrives as the user typed it and leaves in its stored (normalised) form. */
export function identityValue(kind: IdentityKind) {
  return z
    .string()
    .max(400)
    .transform((raw, ctx) => {
      const value = normaliseIdentity(kind, raw);
      if (value === null) {
        ctx.addIssue({ code: 'custom', message: HINTS[kind] });
        return z.NEVER;
      }
      return value;
    });
}

/** Identity fields shared by customer creation and a ticket's customer. */
export const identityFields = {
  email: identityValue('email').optional(),
  phone: identityValue('phone').optional(),
  external_id: identityValue('external').optional(),
  chat_visitor_id: identityValue('chat_visitor').optional(),
};

const displayName = z.string().trim().max(200);
const tier = z.string().trim().min(1).max(50);

export const identityView = z.object({ kind: z.enum(IDENTITY_KINDS), value: z.string() });

export const customerView = z.object({
  id: z.string().uuid(),
  display_name: z.string(),
  tier: z.string(),
  merged_into_id: z.string().uuid().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const customerDetail = customerView.extend({ identities: z.array(identityView) });

export const customerCreate = z.object({
  display_name: displayName.default(''),
  tier: tier.optional(),
  ...identityFields,
});

export const customerUpdate = z.object({ display_name: displayName, tier }).partial();

export const identityCreate = z
  .object({ kind: z.enum(IDENTITY_KINDS), value: z.string().max(400) })
  .transform((input, ctx) => {
    const value = normaliseIdentity(input.kind, input.value);
    if (value === null) {
      ctx.addIssue({ code: 'custom', message: HINTS[input.kind], path: ['value'] });
      return z.NEVER;
    }
    return { kind: input.kind, value };
  });

export const customerMerge = z.object({ source_customer_id: z.string().uuid() });

export const customerListQuery = z.object({
  ...pageQuery,
  ...identityFields,
  include_merged: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

export const idParams = z.object({ id: z.string().uuid() });
