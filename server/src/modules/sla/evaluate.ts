import type { SlaBreachActions } from '../../platform/db/schema.js';
import type { Tx } from '../../platform/db/transaction.js';
import { type CalendarSpec, loadCalendarSpecs } from '../calendars/index.js';
import { buildHistory } from './history.js';
import type { PolicyView } from './policy.js';
import * as repo from './repository.js';
import { evaluateTimers, nextDueAt, type Timer } from './timers.js';

/**
 * Loads tickets' raw rows, runs the pure clock, and (when asked) stores the timers and sla_due_at.
 * The API, the outbox consumer, the breach scanner and the benchmark all come through here.
 */

export interface Policy extends PolicyView {
  name: string;
  breach_actions: SlaBreachActions;
}

export interface Evaluation {
  ticketId: string;
  organizationId: string;
  vendorId: string | null;
  teamId: string | null;
  priority: string;
  policy: Policy | null;
  timers: Timer[];
  dueAt: number | null;
}

/** An action whose instant has come and that is not recorded yet. */
export interface DueAction {
  evaluation: Evaluation;
  timer: Timer;
  kind: 'warning' | 'breach';
  at: number;
}

export async function evaluateTickets(
  tx: Tx,
  ticketIds: readonly string[],
  now: number,
  options: { persist: boolean; withFired?: boolean; policies?: Map<string, Policy[]> },
): Promise<{ evaluations: Evaluation[]; fired: Set<string> }> {
  const inputs = await repo.loadTicketInputs(tx, ticketIds);
  const calendars = await loadCalendarSpecs(tx, [
    ...new Set(inputs.map((i) => i.calendarId).filter((id): id is string => id !== null)),
  ]);
  const policiesByOrg = options.policies ?? new Map<string, Policy[]>();
  for (const org of new Set(inputs.map((i) => i.ticket.organization_id))) {
    if (!policiesByOrg.has(org)) policiesByOrg.set(org, (await repo.listPolicies(tx, org, true)) as Policy[]);
  }
  const fired =
    options.persist || options.withFired ? await repo.firedActions(tx, ticketIds) : new Set<string>();
  const evaluations = inputs.map((input) =>
    evaluateOne(input, policiesByOrg.get(input.ticket.organization_id) ?? [], calendars, now),
  );
  if (options.persist) await persist(tx, evaluations, fired);
  return { evaluations, fired };
}

function evaluateOne(
  input: repo.TicketInput,
  policies: Policy[],
  calendars: Map<string, CalendarSpec>,
  now: number,
): Evaluation {
  const { history, policy } = buildHistory(input.ticket, input.events, input.messages, policies);
  const calendar = input.calendarId ? (calendars.get(input.calendarId) ?? null) : null;
  const timers = evaluateTimers(history, {
    calendar,
    now,
    warnShare: policy?.warn_percent ? policy.warn_percent / 100 : 0,
  });
  return {
    ticketId: input.ticket.id,
    organizationId: input.ticket.organization_id,
    vendorId: input.ticket.vendor_id,
    teamId: input.ticket.team_id,
    priority: input.ticket.priority,
    policy: policy as Policy | null,
    timers,
    dueAt: nextDueAt(timers),
  };
}

/** The actions still to take, with the instant each comes due (warning at its share, breach at due). */
export function pendingActions(e: Evaluation, fired: ReadonlySet<string>): DueAction[] {
  const out: DueAction[] = [];
  for (const timer of e.timers) {
    // Corrective actions are for clocks still open; a stopped clock's verdict is in the reports.
    if (timer.stopped_at !== null) continue;
    const key = (kind: string) => repo.actionKey(e.ticketId, timer.metric, timer.cycle, kind);
    if (timer.breached_at !== null) {
      if (!fired.has(key('breach')))
        out.push({ evaluation: e, timer, kind: 'breach', at: timer.breached_at });
      continue;
    }
    if (timer.running && timer.warn_at !== null && !fired.has(key('warning')))
      out.push({ evaluation: e, timer, kind: 'warning', at: timer.warn_at });
    if (timer.running && timer.due_at !== null && !fired.has(key('breach')))
      out.push({ evaluation: e, timer, kind: 'breach', at: timer.due_at });
  }
  return out;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export async function persist(tx: Tx, evaluations: Evaluation[], fired: ReadonlySet<string>) {
  const rows: repo.TimerRow[] = [];
  const dueAt = new Map<string, string | null>();
  for (const e of evaluations) {
    dueAt.set(e.ticketId, iso(e.dueAt));
    const pending = pendingActions(e, fired);
    for (const t of e.timers) {
      const next = pending
        .filter((p) => p.timer === t)
        .reduce<number | null>((m, p) => (m === null || p.at < m ? p.at : m), null);
      rows.push({
        ticket_id: e.ticketId,
        metric: t.metric,
        organization_id: e.organizationId,
        policy_id: e.policy?.id ?? null,
        cycle: t.cycle,
        state: t.state,
        target_minutes: t.target_minutes,
        business: t.business,
        started_at: iso(t.started_at)!,
        elapsed_ms: Math.round(t.elapsed_ms),
        due_at: iso(t.due_at),
        warn_at: iso(t.warn_at),
        breached_at: iso(t.breached_at),
        stopped_at: iso(t.stopped_at),
        breached_cycles: t.breached_cycles,
        next_action_at: iso(next),
      });
    }
  }
  const changed = await repo.saveTimers(
    tx,
    evaluations.map((e) => e.ticketId),
    rows,
    dueAt,
  );
  // Whatever decided a timer (a reply, the scanner's clock, a policy re-time), the KPI rollup
  // counts attainment by these verdicts and refreshes the ticket on this event.
  await repo.insertDomainEvents(
    tx,
    evaluations
      .filter((e) => changed.has(e.ticketId))
      .map((e) => ({
        organization_id: e.organizationId,
        vendor_id: e.vendorId,
        type: 'sla.decided',
        subject_id: e.ticketId,
        payload: JSON.stringify({ ticketId: e.ticketId, webhook: false }),
      })),
  );
}
