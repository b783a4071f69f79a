import { z } from 'zod';
import { PLACEHOLDERS } from './placeholders.js';

const language = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'use a BCP 47 language like "en" or "pt-BR"')
  .describe('BCP 47 language of the text, such as "en" or "es".');
const body = z
  .string()
  .trim()
  .min(1)
  .max(20_000)
  .describe(`The text; placeholders: ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}.`);

export const macroCreate = z.object({
  name: z.string().trim().min(1).max(200),
  language,
  body,
});

export const macroUpdate = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  language: language.optional(),
  body: body.optional(),
});

export const macroView = z.object({
  id: z.string().uuid(),
  name: z.string(),
  language: z.string(),
  body: z.string(),
  vendor_id: z
    .string()
    .uuid()
    .nullable()
    .describe('null: the brand’s own; else the vendor that proposed it.'),
  approved: z.boolean(),
  approved_by: z.string().uuid().nullable(),
  approved_at: z.string().nullable(),
  created_by: z.string().uuid().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const macroListQuery = z.object({ language: language.optional() });
export const macroList = z.object({ items: z.array(macroView) });
export const macroParams = z.object({ id: z.string().uuid() });
export const renderParams = z.object({ id: z.string().uuid(), macroId: z.string().uuid() });
export const rendered = z.object({ body: z.string() });
