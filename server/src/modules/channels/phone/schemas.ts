import { z } from 'zod';
import { CALL_EVENTS } from '../../../platform/db/schema.js';

const seconds = (what: string) =>
  z.number().min(0).max(86_400).optional().describe(`${what}, in seconds (fractions allowed).`);

/** One event from the telephony system (CTI) about one call. */
export const phoneEvent = z
  .object({
    event: z
      .enum(CALL_EVENTS)
      .describe(
        'offered: the call reached Tandem’s queue; answered: an agent picked up; ended: the call finished after an answer; abandoned: the caller hung up before an answer.',
      ),
    call_id: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .describe(
        'The telephony system’s id of the call. All events of one call carry the same id; each event type is recorded once per call, so redelivery is harmless.',
      ),
    occurred_at: z
      .string()
      .datetime({ offset: true })
      .optional()
      .describe('When the event happened (ISO 8601); default: when Tandem received it.'),
    direction: z
      .enum(['inbound', 'outbound'])
      .default('inbound')
      .describe('Who dialled: the customer (inbound) or the agent.'),
    caller_number: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .optional()
      .describe(
        'The customer’s number (ANI), any common format; stored as E.164. National numbers are read with TANDEM_PHONE_DEFAULT_COUNTRY. Omit for a withheld number.',
      ),
    caller_name: z
      .string()
      .trim()
      .max(200)
      .optional()
      .describe('The caller’s name if the CTI knows it (CNAM).'),
    dialled_number: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .optional()
      .describe('The number the customer dialled (DNIS), as sent.'),
    ivr_path: z
      .array(z.string().trim().min(1).max(100))
      .max(50)
      .optional()
      .describe('The IVR menu choices in order, e.g. ["main", "billing"].'),
    queue: z.string().trim().min(1).max(100).optional().describe('The ACD queue the call waited in.'),
    vendor_id: z
      .string()
      .uuid()
      .optional()
      .describe('The vendor whose contact centre took the call; default: the answering agent’s vendor.'),
    agent: z
      .object({
        id: z.string().uuid().optional().describe('Tandem user id of the agent.'),
        email: z.string().email().optional().describe('Or the agent’s email in Tandem.'),
      })
      .refine((a) => a.id || a.email, 'give the agent’s id or email')
      .optional()
      .describe('The agent who answered or handled the call.'),
    wait_seconds: seconds('Time in queue before answer or abandonment (speed of answer)'),
    talk_seconds: seconds('Time talking'),
    hold_seconds: seconds('Time on hold'),
    wrap_up_seconds: seconds('After-call work'),
    recording_url: z.string().url().max(2000).optional().describe('Where the call recording can be played.'),
  })
  .describe('A CTI call event. Each call becomes one phone ticket for the caller’s customer.');

export const callView = z.object({
  id: z.string().uuid(),
  call_id: z.string(),
  ticket_id: z.string().uuid(),
  customer_id: z.string().uuid(),
  direction: z.enum(['inbound', 'outbound']),
  status: z.enum(CALL_EVENTS).describe('The furthest stage the call reached.'),
  caller_number: z.string().nullable().describe('E.164, or null for a withheld number.'),
  dialled_number: z.string().nullable(),
  ivr_path: z.array(z.string()),
  queue: z.string().nullable(),
  agent_id: z.string().uuid().nullable(),
  offered_at: z.string().nullable(),
  answered_at: z.string().nullable(),
  ended_at: z.string().nullable(),
  abandoned_at: z.string().nullable(),
  wait_seconds: z.number().nullable(),
  talk_seconds: z.number().nullable(),
  hold_seconds: z.number().nullable(),
  wrap_up_seconds: z.number().nullable(),
  recording_url: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const phoneEventResult = z.object({
  call: callView,
  duplicate: z
    .boolean()
    .describe('True when this event of this call had been received before: nothing changed.'),
});
