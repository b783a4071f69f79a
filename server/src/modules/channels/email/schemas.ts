import { z } from 'zod';
import { pageQuery } from '../../../platform/http/pagination.js';

const language = z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'use a BCP 47 language like "en" or "pt-BR"');
const address = z
  .string()
  .trim()
  .toLowerCase()
  .max(320)
  .regex(/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/, 'an email address such as help@brand.example');

export const supportAddressView = z.object({
  id: z.string().uuid(),
  address: z.string(),
  name: z.string(),
  queue: z.string().nullable(),
  language: z.string().nullable(),
  vendor_id: z.string().uuid().nullable(),
  active: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});

const defaults = {
  name: z.string().trim().max(200).describe('Shown to agents, e.g. "Billing"'),
  queue: z.string().trim().min(1).max(100).nullable().describe('Queue of tickets opened by this address'),
  language: language.nullable().describe('Language of tickets opened by this address'),
  vendor_id: z.string().uuid().nullable().describe('Vendor that gets tickets opened by this address'),
  active: z.boolean().describe('Inactive addresses refuse mail at RCPT time'),
};

export const supportAddressCreate = z.object({
  address: address.describe('Mail to this address becomes tickets of your brand'),
  name: defaults.name.default(''),
  queue: defaults.queue.optional(),
  language: defaults.language.optional(),
  vendor_id: defaults.vendor_id.optional(),
  active: defaults.active.default(true),
});

export const supportAddressUpdate = z
  .object({
    name: defaults.name,
    queue: defaults.queue,
    language: defaults.language,
    vendor_id: defaults.vendor_id,
    active: defaults.active,
  })
  .partial();

export const supportAddressList = z.object({ items: z.array(supportAddressView) });
export const idParams = z.object({ id: z.string().uuid() });

export const capturedMailSummary = z.object({
  id: z.string().uuid(),
  message_id: z.string().uuid().nullable().describe('The agent reply this mail carries (null: a survey).'),
  survey_id: z.string().uuid().nullable().describe('The survey this mail carries, if it is a survey.'),
  ticket_id: z
    .string()
    .uuid()
    .nullable()
    .describe('The ticket of a reply or survey (null: a business review pack).'),
  mail_from: z.string(),
  mail_to: z.string(),
  subject: z.string(),
  message_id_header: z.string(),
  in_reply_to: z.string().nullable(),
  created_at: z.string(),
});

export const capturedMail = capturedMailSummary.extend({
  raw: z.string().describe('The full RFC 5322 message exactly as it would have gone to the relay.'),
});

export const capturedMailQuery = z.object(pageQuery);
