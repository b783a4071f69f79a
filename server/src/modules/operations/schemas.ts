import { z } from 'zod';
import { csvFormat } from '../../platform/http/csv-format.js';

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

const queueLive = z.object({
  queue_id: z.string().nullable().describe('null: contacts routing has not put in a queue yet'),
  name: z.string(),
  waiting: z.number().int().describe('open contacts (new or open) with no agent'),
  oldest_wait_seconds: z.number().int().nullable().describe('how long the longest-waiting one has waited'),
  at_risk: z.number().int().describe('running SLA timers past their warning, not yet due'),
  breached: z.number().int().describe('SLA timers of open tickets past due'),
});

const siteLive = z.object({
  site_id: z.string(),
  name: z.string(),
  vendor_id: z.string(),
  vendor_name: z.string(),
  status: z.enum(['up', 'degraded', 'down']),
  open_tickets: z.number().int().describe('tickets at this site not yet solved or closed'),
  online: z.number().int(),
  away: z.number().int(),
  moved_off: z
    .array(
      z.object({
        vendor_name: z.string().nullable(),
        site_name: z.string().nullable(),
        waiting: z.boolean().describe('no agent yet: waiting in its queue'),
        tickets: z.number().int(),
      }),
    )
    .describe(
      'unanswered contacts routing took off this site (site down) in the last 24 hours, by where they are now',
    ),
});

export const liveQuery = z.object({ format: csvFormat });

export const liveBoardView = z.object({
  as_of: z.string(),
  queues: z.array(queueLive),
  vendors: z.array(
    z.object({
      vendor_id: z.string(),
      name: z.string(),
      online: z.number().int(),
      away: z.number().int(),
      online_without_site: z.number().int(),
    }),
  ),
  sites: z.array(siteLive),
});
export type LiveBoard = z.infer<typeof liveBoardView>;
