import { z } from 'zod';

export const failureParams = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 53),
});

export const failureQuery = z.object({
  state: z
    .enum(['retrying', 'dead', 'all'])
    .default('all')
    .describe('retrying: a next attempt is scheduled; dead: the attempts ran out, replay to try again'),
});

export const failureView = z.object({
  id: z.number(),
  event_id: z.number(),
  event_type: z.string(),
  subject_id: z.string(),
  consumer: z.string().describe('what failed on the event: sla, routing, kpi-rollup, webhooks, email …'),
  state: z.enum(['retrying', 'dead']),
  attempts: z.number(),
  last_error: z.string(),
  first_failed_at: z.string(),
  last_failed_at: z.string(),
  next_attempt_at: z.string().nullable(),
});
export type FailureView = z.infer<typeof failureView>;
