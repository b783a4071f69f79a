import { z } from 'zod';

export const tokenParams = z.object({ token: z.string().min(10).max(200) });
export const scoreQuery = z.object({
  score: z.coerce.number().int().min(0).max(10).optional().describe('one-click rating from the email'),
});
export const answerBody = z.object({
  score: z.coerce.number().int().min(0).max(10).optional(),
  comment: z.string().max(4000).optional(),
  edit: z.string().max(200).optional().describe('the edit token given with the first answer'),
});
export const answerResult = z.object({
  survey_id: z.string().uuid(),
  kind: z.enum(['csat', 'nps', 'ces']),
  version: z.number(),
  score: z.number(),
  comment: z.string().nullable(),
  edit_token: z.string().nullable(),
  edit_until: z.string(),
});

export const chatRating = z.object({
  organization: z.string().min(1).max(100).describe('the brand’s slug, as in the widget tag'),
  visitor_token: z.string().min(10).max(200),
  ticket_id: z.string().uuid(),
  score: z.number().int().min(1).max(5),
  comment: z.string().max(4000).optional(),
  edit: z.string().max(200).optional(),
});

export const responseQuery = z.object({
  q: z.string().min(1).max(200).optional().describe('full-text search in comments (websearch syntax)'),
  kind: z.enum(['csat', 'nps', 'ces']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const responseView = z.object({
  survey_id: z.string().uuid(),
  kind: z.string(),
  via: z.string(),
  ticket_id: z.string().uuid().nullable(),
  vendor_id: z.string().uuid().nullable(),
  site_id: z.string().uuid().nullable(),
  team_id: z.string().uuid().nullable(),
  agent_id: z.string().uuid().nullable(),
  version: z.number(),
  score: z.number(),
  comment: z.string().nullable(),
  created_at: z.string(),
  answered_at: z.string().nullable(),
});
export const responseList = z.object({ items: z.array(responseView) });
export const idParams = z.object({ id: z.string().uuid() });
export const surveyDetail = z.object({
  id: z.string().uuid(),
  kind: z.string(),
  via: z.string(),
  ticket_id: z.string().uuid().nullable(),
  vendor_id: z.string().uuid().nullable(),
  delivery_status: z.string(),
  sent_at: z.string().nullable(),
  answered_at: z.string().nullable(),
  versions: z.array(
    z.object({
      version: z.number(),
      score: z.number(),
      comment: z.string().nullable(),
      created_at: z.string(),
    }),
  ),
});
export const surveySettings = z.object({
  csat_enabled: z.boolean(),
  nps_enabled: z.boolean(),
  ces_enabled: z.boolean(),
  ces_lower_is_better: z.boolean(),
});
export const surveySettingsUpdate = surveySettings.partial();
