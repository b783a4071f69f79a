import { z } from 'zod';

const isZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month like 2026-11')
  .describe('Calendar month (YYYY-MM), read in `tz`');

export const reviewParams = z.object({ id: z.string().uuid(), month });

export const reviewQuery = z.object({
  tz: z
    .string()
    .max(64)
    .refine(isZone, 'an IANA time zone such as Europe/Copenhagen')
    .default('UTC')
    .describe('Time zone the month is read in (as the analytics API’s `tz`)'),
});

export const COMMENT_MAX = 10_000;
export const commentBody = z.object({
  text: z.string().max(COMMENT_MAX).describe('The brand’s comments; replaces any earlier text'),
});

export const commentView = z.object({
  vendor_id: z.string().uuid(),
  month: z.string(),
  text: z.string().describe('empty when the brand has not commented'),
  updated_at: z.string().nullable(),
  updated_by: z.string().uuid().nullable(),
});
