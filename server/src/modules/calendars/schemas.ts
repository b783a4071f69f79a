import { z } from 'zod';
import { WEEKDAYS } from '../../platform/db/schema.js';

export const idParams = z.object({ id: z.string().uuid() });
export const holidayParams = z.object({ id: z.string().uuid(), holidayId: z.string().uuid() });

const interval = z.object({
  start: z.string().describe('HH:MM local wall-clock time'),
  end: z.string().describe('HH:MM, after start; 24:00 for midnight'),
});
export const weeklyHours = z
  .object(
    Object.fromEntries(WEEKDAYS.map((d) => [d, z.array(interval).max(12).optional()])) as Record<
      (typeof WEEKDAYS)[number],
      z.ZodOptional<z.ZodArray<typeof interval>>
    >,
  )
  .strict()
  .describe('Opening intervals per weekday (mon … sun) in the calendar’s zone; split days allowed.');

export const calendarCreate = z.object({
  name: z.string().trim().min(1).max(200),
  time_zone: z.string().min(1).max(100).describe('IANA time zone, e.g. Europe/Copenhagen'),
  weekly_hours: weeklyHours,
  vendor_id: z
    .string()
    .uuid()
    .nullable()
    .optional()
    .describe('The vendor that owns it; omitted: the brand’s (vendor admins always create their own).'),
});
export const calendarUpdate = calendarCreate.omit({ vendor_id: true }).partial();

export const holidayCreate = z.object({
  name: z.string().trim().min(1).max(200),
  date: z.iso.date(),
  yearly: z.boolean().default(false),
});
export const holidayView = z.object({
  id: z.string().uuid(),
  name: z.string(),
  date: z.string(),
  yearly: z.boolean(),
});

export const calendarView = z.object({
  id: z.string().uuid(),
  name: z.string(),
  vendor_id: z.string().uuid().nullable(),
  time_zone: z.string(),
  weekly_hours: weeklyHours,
  created_at: z.string(),
  updated_at: z.string(),
});
export const calendarDetail = calendarView.extend({ holidays: z.array(holidayView) });

export const icalImport = z.object({
  ics: z.string().min(1).max(2_000_000).describe('The text of an .ics file'),
});
export const icalImported = z.object({
  imported: z.number().int(),
  already_present: z.number().int(),
  skipped: z.array(z.object({ summary: z.string(), reason: z.string() })),
});

export const assignment = z.object({
  scope: z.enum(['brand', 'vendor', 'site']),
  id: z.string().uuid().optional().describe('The vendor or site; omitted for the brand.'),
  calendar_id: z.string().uuid().nullable(),
});
export const assignmentView = assignment.extend({ id: z.string().uuid() });
