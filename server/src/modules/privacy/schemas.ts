import { z } from 'zod';
import { MASKABLE_ROLES } from '../../platform/db/schema.js';
import { pageQuery } from '../../platform/http/pagination.js';

export const maskingPolicyView = z.object({
  masked_roles: z
    .array(z.enum(MASKABLE_ROLES))
    .describe('Roles whose users, in an outsourced vendor, see customer data masked.'),
  reveal_roles: z
    .array(z.enum(MASKABLE_ROLES))
    .describe('Those of the masked roles who may reveal one customer for a while, giving a reason.'),
  reveal_minutes: z.number().int().describe('How long a reveal lasts.'),
  updated_at: z.string().nullable(),
});

export const maskingPolicyPut = z
  .object({
    masked_roles: z.array(z.enum(MASKABLE_ROLES)).max(4),
    reveal_roles: z.array(z.enum(MASKABLE_ROLES)).max(4).default([]),
    reveal_minutes: z.number().int().min(1).max(480).default(15),
  })
  .strict();

export const revealCreate = z
  .object({
    customer_id: z.string().uuid().optional().describe('The customer to reveal; or name the ticket.'),
    ticket_id: z.string().uuid().optional().describe('Reveal the customer of this ticket.'),
    reason: z
      .string()
      .trim()
      .min(10, 'Say why you need to see the customer’s data (at least 10 characters)')
      .max(500),
  })
  .strict();

export const revealView = z.object({
  id: z.string().uuid(),
  user_id: z.string().uuid(),
  vendor_id: z.string().uuid().nullable(),
  customer_id: z.string().uuid(),
  ticket_id: z.string().uuid().nullable(),
  reason: z.string(),
  created_at: z.string(),
  expires_at: z.string(),
});

export const revealListQuery = z.object({
  ...pageQuery,
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('true: only reveals still running'),
});

export const maskingStatus = z.object({
  masked: z.boolean().describe('Whether you see customer data masked.'),
  may_reveal: z.boolean(),
  reveal_minutes: z.number().int(),
  revealed: z
    .array(z.object({ customer_id: z.string().uuid(), expires_at: z.string() }))
    .describe('Customers you see unmasked right now, and until when.'),
});

const customFieldKey = z.string().trim().min(1).max(100);

export const sealedFieldsPut = z
  .object({
    keys: z
      .array(customFieldKey)
      .max(100)
      .describe('Custom field names whose values are sealed at rest (AES-256-GCM under the envelope keys).'),
  })
  .strict();

export const sealedFieldsView = z.object({
  keys: z.array(z.string()).describe('Custom field names whose values are sealed at rest.'),
  updated_at: z.string().nullable(),
});
