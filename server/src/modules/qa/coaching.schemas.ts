import { z } from 'zod';

const day = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a day like 2026-12-14')
  .refine(
    (d) =>
      !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    'a day of the calendar',
  );
const isZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};
const tz = z
  .string()
  .max(64)
  .refine(isZone, 'an IANA time zone such as Europe/Copenhagen')
  .default('UTC')
  .describe('Time zone whose today decides what is overdue (an open action due before today)');
const description = z.string().trim().min(1).max(2000);
const notes = z.string().max(20000);
const instant = z.string().datetime({ offset: true });

export const SESSION_STATUSES = ['planned', 'held', 'cancelled'] as const;
export const ACTION_STATUSES = ['open', 'done'] as const;

export const coachingActionCreate = z.object({
  description: description.describe('What the agent agreed to do'),
  due_date: day.describe('The day it is due; overdue from the next day while open'),
});
export const coachingActionPatch = z.object({
  description: description.optional(),
  due_date: day.optional(),
  status: z
    .enum(ACTION_STATUSES)
    .optional()
    .describe('done stamps completed_at; open again clears it. The coached agent may change only this'),
  follow_up: notes.nullable().optional().describe('How it went when the coach followed up'),
});

export const coachingSessionCreate = z.object({
  review_ids: z
    .array(z.string().uuid())
    .min(1)
    .max(20)
    .refine((list) => new Set(list).size === list.length, 'each id once')
    .describe('Submitted reviews of one agent, each one you can read; the session coaches that agent'),
  coach_id: z
    .string()
    .uuid()
    .optional()
    .describe('Who coaches (qa:coach, the brand’s or the agent’s vendor); default: you'),
  scheduled_at: instant.nullable().optional(),
  notes: notes.nullable().optional(),
  actions: z.array(coachingActionCreate).max(50).default([]).describe('Action items agreed up front'),
});
export const coachingSessionPatch = z.object({
  coach_id: z.string().uuid().optional(),
  scheduled_at: instant.nullable().optional(),
  status: z
    .enum(['planned', 'cancelled'])
    .optional()
    .describe('Cancel a planned session, or plan a cancelled one again; POST …/held marks it held'),
  notes: notes.nullable().optional(),
});
export const coachingSessionHeld = z.object({
  held_at: instant.optional().describe('When it took place; default: now'),
  notes: notes.nullable().optional(),
});

export const coachingActionView = z.object({
  id: z.string().uuid(),
  session_id: z.string().uuid(),
  vendor_id: z.string().uuid().nullable(),
  agent_id: z.string().uuid(),
  description: z.string(),
  due_date: z.string(),
  status: z.enum(ACTION_STATUSES),
  overdue: z.boolean().describe('Open and due before today (in the request’s tz)'),
  completed_at: z.string().nullable(),
  completed_by: z.string().uuid().nullable(),
  follow_up: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export const coachingSessionView = z.object({
  id: z.string().uuid(),
  vendor_id: z.string().uuid().nullable(),
  agent_id: z.string().uuid(),
  coach_id: z.string().uuid(),
  review_ids: z.array(z.string().uuid()),
  scheduled_at: z.string().nullable(),
  status: z.enum(SESSION_STATUSES),
  held_at: z.string().nullable(),
  notes: z.string().nullable(),
  created_by: z.string().uuid(),
  created_at: z.string(),
  updated_at: z.string(),
  actions: z.array(coachingActionView),
  counts: z.object({ open: z.number().int(), done: z.number().int(), overdue: z.number().int() }),
});

const flag = z.enum(['true', 'false']).optional();
export const coachingSessionListQuery = z.object({
  agent_id: z.string().uuid().optional(),
  coach_id: z.string().uuid().optional(),
  status: z.enum(SESSION_STATUSES).optional(),
  overdue: flag.describe('true: only sessions with an overdue action; false: only those without'),
  tz,
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export const coachingSessionList = z.object({ items: z.array(coachingSessionView) });

export const coachingActionListQuery = z.object({
  agent_id: z.string().uuid().optional(),
  session_id: z.string().uuid().optional(),
  status: z.enum(ACTION_STATUSES).optional(),
  overdue: flag.describe('true: only overdue actions (open, due before today)'),
  tz,
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export const coachingActionList = z.object({ items: z.array(coachingActionView) });
export const coachingTzQuery = z.object({ tz });
