import { z } from 'zod';
import { slug } from '../../organizations/index.js';

const fieldValue = z.union([z.string().max(1000), z.number(), z.boolean()]);

/** What the public ticket form posts. Everything a customer types is bounded. */
export const webFormSubmission = z.object({
  organization: slug.describe('The brand’s slug, as in its Tandem settings.'),
  name: z.string().trim().min(1).max(200).describe('The customer’s name.'),
  email: z.string().trim().toLowerCase().email().max(320).describe('Where replies go.'),
  subject: z.string().trim().min(1).max(500),
  message: z.string().trim().min(1).max(20_000),
  fields: z
    .record(z.string().regex(/^[\w.-]{1,64}$/, 'field names are 1–64 letters, digits, _ . -'), fieldValue)
    .refine((f) => Object.keys(f).length <= 20, 'at most 20 fields')
    .default({})
    .describe('Optional form fields (order number, product …), kept on the ticket as custom fields.'),
  website: z
    .string()
    .max(2000)
    .optional()
    .describe('Honeypot: the form hides this field from people. Leave it empty; a filled one is dropped.'),
});

export const webFormReceipt = z.object({
  reference: z.string().describe('The ticket reference to quote in follow-ups, like #1234.'),
});
