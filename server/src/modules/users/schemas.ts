import { z } from 'zod';
import { CHANNELS, PRESENCE_STATUSES, ROLES } from '../../platform/db/schema.js';
import { pageQuery } from '../../platform/http/pagination.js';

const language = z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'use a BCP 47 language like "en" or "pt-BR"');
const languages = z
  .array(language)
  .max(20)
  .refine((l) => new Set(l).size === l.length, 'each language once');

export const userView = z.object({
  id: z.string().uuid(),
  email: z.string(),
  display_name: z.string(),
  role: z.enum(ROLES),
  vendor_id: z.string().uuid().nullable(),
  site_id: z.string().uuid().nullable(),
  team_id: z.string().uuid().nullable(),
  languages: z.array(z.string()),
  active: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const skill = z.object({
  skill: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,49}$/, 'lower-case words joined by - or _, such as "billing"')
    .describe('Skill name, such as billing or technical.'),
  proficiency: z.number().int().min(1).max(5).describe('1 (learning) to 5 (expert).'),
});

export const capacity = z.object({
  channel: z.enum(CHANNELS),
  max_concurrent: z.number().int().min(0).max(100).describe('Conversations at once on this channel.'),
});

export const skillsBody = z
  .array(skill)
  .max(100)
  .refine((s) => new Set(s.map((x) => x.skill)).size === s.length, 'each skill once');

export const capacitiesBody = z
  .array(capacity)
  .max(CHANNELS.length)
  .refine((c) => new Set(c.map((x) => x.channel)).size === c.length, 'each channel once');

/** A user with their agent profile: skills and per-channel capacities. */
export const userProfileView = userView.extend({
  skills: z.array(skill),
  capacities: z.array(capacity),
});

export const userCreate = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  display_name: z.string().trim().min(1).max(200),
  password: z.string().min(12, 'use at least 12 characters').max(1024).optional(),
  role: z.enum(ROLES),
  vendor_id: z.string().uuid().nullable().optional(),
  site_id: z.string().uuid().nullable().optional(),
  team_id: z.string().uuid().nullable().optional(),
  languages: languages.default([]),
});

export const userUpdate = z
  .object({
    display_name: z.string().trim().min(1).max(200),
    role: z.enum(ROLES),
    site_id: z.string().uuid().nullable(),
    team_id: z.string().uuid().nullable(),
    languages,
    active: z.boolean(),
  })
  .partial();

export const userListQuery = z.object({
  ...pageQuery,
  role: z.enum(ROLES).optional(),
  vendor_id: z.string().uuid().optional(),
  team_id: z.string().uuid().optional(),
  active: z.enum(['true', 'false']).optional().describe('Only active (true) or deactivated (false) users.'),
});

export const idParams = z.object({ id: z.string().uuid() });

export const presenceBody = z.object({
  status: z.enum(PRESENCE_STATUSES).describe('online takes new work; away and offline do not.'),
});
export const presenceView = z.object({
  user_id: z.string().uuid(),
  vendor_id: z.string().uuid().nullable(),
  status: z.enum(PRESENCE_STATUSES),
  changed_at: z.string(),
  last_activity_at: z.string(),
});
export const presenceListQuery = z.object({
  vendor_id: z.string().uuid().optional(),
  status: z.enum(PRESENCE_STATUSES).optional(),
});
export const presenceListView = z.object({
  items: z.array(presenceView.extend({ display_name: z.string() })),
});
