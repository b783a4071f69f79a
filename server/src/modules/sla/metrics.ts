/**
 * The SLA metrics and timer states as constant lists, apart from the clock (timers.ts) so the
 * schemas, and the web forms built on them, need no calendar or database code.
 */

export const SLA_METRICS = [
  'first_reply',
  'next_reply',
  'periodic_update',
  'pausable_update',
  'requester_wait',
  'agent_work',
  'full_resolution',
] as const;
export type SlaMetric = (typeof SLA_METRICS)[number];
export const TIMER_STATES = ['active', 'paused', 'achieved', 'breached'] as const;
export type TimerStateName = (typeof TIMER_STATES)[number];
