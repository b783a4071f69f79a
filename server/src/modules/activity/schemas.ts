import { z } from 'zod';

export const heartbeats = z.object({
  heartbeats: z
    .array(
      z.object({
        ticket_id: z.string().uuid(),
        state: z.enum(['focused', 'composing', 'on_call']),
        at: z.string().datetime({ offset: true }),
      }),
    )
    .min(1)
    .max(200),
});
export const heartbeatsResult = z.object({
  accepted: z.number(),
  spans_started: z.number().describe('heartbeats that began a new span (the rest extended one)'),
});
