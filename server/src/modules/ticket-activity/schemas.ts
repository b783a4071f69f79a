import { z } from 'zod';

export const ACTIVITY_TTL_SECONDS = 30;

export const activityBody = z.object({
  state: z
    .enum(['viewing', 'typing', 'left'])
    .describe(
      `viewing or typing: you are on the ticket (send again at least every ${ACTIVITY_TTL_SECONDS / 2} s to stay listed); left: you are gone.`,
    ),
});

export const activityEntry = z.object({
  user_id: z.string().uuid(),
  display_name: z.string(),
  state: z.enum(['viewing', 'typing']),
  updated_at: z.string(),
  expires_at: z.string(),
});

export const activityList = z.object({
  items: z.array(activityEntry).describe('Who is on the ticket now (yourself included), most recent first.'),
});
export const ticketParams = z.object({ id: z.string().uuid() });
