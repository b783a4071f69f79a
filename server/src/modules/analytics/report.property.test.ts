import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { withSystem } from '../../platform/db/transaction.js';
import { emit } from '../../platform/events.js';
import { dispatchOnce } from '../../platform/outbox/dispatcher.js';
import { SLA_METRICS } from '../sla/index.js';
import { rollupConsumer } from './rollup.js';
import { DRILL_METRICS, GROUP_BY, type GroupBy } from './schemas.js';

/**
 * The KPI report against a hand count. Each run writes a brand's raw rows — many tickets with
 * status and assignment history, first replies, calls, console activity and surveys — in a
 * shuffled order, lets the rollup consume the events in batches of random size in between, and
 * then checks every figure of GET /analytics/kpis, for every group_by and for random hour-aligned
 * periods, against a count made here straight from the generated rows by the definitions in
 * kpi-reference.md. Nothing here calls the rollup's own arithmetic.
 */

let t: TestContext;
let admin: TestUser;
type Handling = { vendor: string; site: string; team: string; agents: string[] };
let handlings: Handling[];

beforeAll(async () => {
  t = await startTestApp({ TANDEM_SHORT_ABANDON_SECONDS: '5' });
  admin = await t.make.user('brand_admin');
  handlings = [];
  // The second vendor is the brand's in-house team: a move to it is an escalation.
  for (let v = 0; v < 2; v++) {
    const vendor = (await t.make.vendor({ kind: v === 1 ? 'internal' : 'outsourced' })).id;
    const site = (await t.make.site(vendor)).id;
    const team = (await t.make.team(vendor, site)).id;
    const agents = [(await t.make.user('agent', vendor)).userId, (await t.make.user('agent', vendor)).userId];
    handlings.push({ vendor, site, team, agents });
  }
}, 120_000);
afterAll(() => t.close());

const H = 3_600_000;
const DAY = 24 * H;
const QUEUES = ['billing', 'technical'] as const;
const DONE = ['solved', 'closed'];

// ---- the generated model --------------------------------------------------------------------

interface GenTicket {
  customer: number;
  tag: 'refund' | 'delivery';
  createdAt: number; // ms after the run's base
  channel: 'email' | 'chat' | 'phone' | 'web';
  language: 'en' | 'da';
  priority: 'low' | 'normal' | 'high';
  firstResponseAfter: number | null;
  /** status after each change; times strictly increase */
  statuses: { after: number; status: 'open' | 'pending' | 'solved' | 'closed' }[];
  /** vendor index (0, 1) or null (brand), first value is the initial vendor */
  vendors: (number | null)[];
  queues: (typeof QUEUES)[number][];
  agent: number; // which of the final vendor's agents
  calls: {
    offeredAfter: number;
    outcome: 'answered' | 'abandoned';
    waitSeconds: number;
    waitStored: boolean;
    talk: number;
    hold: number;
    wrap: number;
  }[];
  spans: { startAfter: number; seconds: number }[];
  survey: null | {
    kind: 'csat' | 'nps' | 'ces';
    sentAfter: number;
    answers: number[]; // successive versions; empty: not answered
    answerAfter: number;
  };
  /** SLA timers by metric: decided (met or missed) some time after creation, or still running */
  sla: { metric: (typeof SLA_METRICS)[number]; state: 'achieved' | 'breached' | 'active'; after: number }[];
}

const genTicket: fc.Arbitrary<GenTicket> = fc.record({
  customer: fc.integer({ min: 0, max: 3 }),
  tag: fc.constantFrom('refund', 'delivery'),
  createdAt: fc.integer({ min: 0, max: 5 * DAY }),
  channel: fc.constantFrom('email', 'chat', 'phone', 'web'),
  language: fc.constantFrom('en', 'da'),
  priority: fc.constantFrom('low', 'normal', 'high'),
  firstResponseAfter: fc.option(fc.integer({ min: 0, max: 3 * DAY }), { nil: null }),
  statuses: fc
    .array(
      fc.record({
        gap: fc.integer({ min: 1000, max: 2 * DAY }),
        status: fc.constantFrom('open', 'pending', 'solved', 'closed'),
      }),
      { maxLength: 5 },
    )
    .map((steps) => {
      let at = 0;
      return steps.map((s) => {
        at += s.gap;
        return { after: at, status: s.status };
      });
    }),
  vendors: fc.array(fc.constantFrom(0, 1, null), { minLength: 1, maxLength: 3 }),
  queues: fc.array(fc.constantFrom(...QUEUES), { minLength: 1, maxLength: 3 }),
  agent: fc.integer({ min: 0, max: 1 }),
  calls: fc.array(
    fc.record({
      offeredAfter: fc.integer({ min: 0, max: 2 * H }),
      outcome: fc.constantFrom('answered', 'abandoned'),
      waitSeconds: fc.integer({ min: 0, max: 600 }),
      waitStored: fc.boolean(),
      talk: fc.integer({ min: 0, max: 1200 }),
      hold: fc.integer({ min: 0, max: 120 }),
      wrap: fc.integer({ min: 0, max: 300 }),
    }),
    { maxLength: 2 },
  ),
  spans: fc.array(
    fc.record({ startAfter: fc.integer({ min: 0, max: 3 * H }), seconds: fc.integer({ min: 1, max: 900 }) }),
    { maxLength: 3 },
  ),
  survey: fc.option(
    fc.record({
      kind: fc.constantFrom('csat', 'nps', 'ces'),
      sentAfter: fc.integer({ min: 0, max: 2 * DAY }),
      answers: fc.array(fc.integer({ min: 0, max: 10 }), { maxLength: 2 }),
      answerAfter: fc.integer({ min: 60_000, max: 2 * DAY }),
    }),
    { nil: null },
  ),
  sla: fc.uniqueArray(
    fc.record({
      metric: fc.constantFrom(...SLA_METRICS),
      state: fc.constantFrom('achieved', 'breached', 'active'),
      after: fc.integer({ min: 0, max: 4 * DAY }),
    }),
    { maxLength: 3, selector: (x) => x.metric },
  ),
});

/** The score range of each survey kind, so a generated 0..10 lands on a valid answer. */
const scoreOf = (kind: 'csat' | 'nps' | 'ces', raw: number) =>
  kind === 'nps' ? raw : kind === 'csat' ? 1 + (raw % 5) : 1 + (raw % 7);

// ---- what the run wrote, in absolute terms ---------------------------------------------------

interface Written {
  id: string;
  customerId: string;
  tags: string[];
  createdAt: number;
  status: string;
  firstResponseAt: number | null;
  dims: Record<GroupBy, string | null>;
  statusChanges: { at: number; before: string; after: string }[];
  vendorChanges: { before: string | null; after: string | null }[];
  queueChanges: { before: string; after: string }[];
  calls: {
    offeredAt: number;
    answeredAt: number | null;
    abandonedAt: number | null;
    waitMs: number;
    waitStored: boolean;
    handleMs: number;
    talk: number;
    hold: number;
    wrap: number;
  }[];
  spans: { agent: string; start: number; end: number }[];
  survey: null | {
    kind: 'csat' | 'nps' | 'ces';
    dims: Record<GroupBy, string | null>;
    sentAt: number;
    answeredAt: number | null;
    score: number | null;
  };
  sla: { metric: string; state: 'achieved' | 'breached' | 'active'; at: number }[];
}

function materialise(g: GenTicket, base: number, customers: string[]): Written {
  const createdAt = base + g.createdAt;
  const vendorIds = g.vendors.map((v) => (v === null ? null : handlings[v]!.vendor));
  const finalVendor = g.vendors.at(-1)!;
  const h = finalVendor === null ? null : handlings[finalVendor]!;
  const dims: Record<GroupBy, string | null> = {
    vendor: h?.vendor ?? null,
    site: h?.site ?? null,
    team: h?.team ?? null,
    agent: h ? h.agents[g.agent]! : null,
    queue: g.queues.at(-1)!,
    channel: g.channel,
    language: g.language,
    priority: g.priority,
  };
  let status = 'new';
  const statusChanges: Written['statusChanges'] = [];
  for (const s of g.statuses) {
    if (s.status === status) continue;
    statusChanges.push({ at: createdAt + s.after, before: status, after: s.status });
    status = s.status;
  }
  const changesOf = <T>(values: T[]) =>
    values.slice(1).flatMap((after, i) => (after === values[i] ? [] : [{ before: values[i]!, after }]));
  const agents = h?.agents ?? handlings[0]!.agents;
  return {
    id: '',
    customerId: customers[g.customer]!,
    tags: [g.tag],
    createdAt,
    status,
    firstResponseAt: g.firstResponseAfter === null ? null : createdAt + g.firstResponseAfter,
    dims,
    statusChanges,
    vendorChanges: changesOf(vendorIds),
    queueChanges: changesOf(g.queues),
    calls: g.calls.map((c) => {
      const offeredAt = createdAt + c.offeredAfter;
      const endOfWait = offeredAt + c.waitSeconds * 1000;
      return {
        offeredAt,
        answeredAt: c.outcome === 'answered' ? endOfWait : null,
        abandonedAt: c.outcome === 'abandoned' ? endOfWait : null,
        waitMs: c.waitSeconds * 1000,
        handleMs: c.outcome === 'answered' ? (c.talk + c.hold + c.wrap) * 1000 : 0,
        waitStored: c.waitStored,
        talk: c.talk,
        hold: c.hold,
        wrap: c.wrap,
      };
    }),
    // Spans are whole seconds, by the ticket's agent (or the first vendor's agent for the brand's).
    spans: g.spans.map((s) => {
      const start = Math.floor((createdAt + s.startAfter) / 1000) * 1000;
      return { agent: agents[g.agent]!, start, end: start + s.seconds * 1000 };
    }),
    survey: g.survey && {
      kind: g.survey.kind,
      dims,
      sentAt: createdAt + g.survey.sentAfter,
      answeredAt: g.survey.answers.length ? createdAt + g.survey.sentAfter + g.survey.answerAfter : null,
      score: g.survey.answers.length ? scoreOf(g.survey.kind, g.survey.answers.at(-1)!) : null,
    },
    sla: g.sla.map((x) => ({ metric: x.metric, state: x.state, at: createdAt + x.after })),
  };
}

// ---- writing the raw rows the way the services do: the change and its event together ----------

type Step = {
  ticket: number;
  kind: 'create' | 'history' | 'calls' | 'spans' | 'survey' | 'sla';
  order: number;
};

async function write(organizationId: string, w: Written, kind: Step['kind']) {
  const { db } = t.database;
  const iso = (ms: number) => new Date(ms).toISOString();
  await withSystem(db, async (tx) => {
    if (kind === 'create') {
      const first = w.vendorChanges[0]?.before ?? w.dims.vendor;
      const row = await tx
        .insertInto('tickets')
        .values({
          organization_id: organizationId,
          subject: 'kpi',
          channel: w.dims.channel as 'email',
          priority: w.dims.priority as 'normal',
          language: w.dims.language,
          queue: w.queueChanges[0]?.before ?? w.dims.queue,
          tags: w.tags,
          custom_fields: '{}',
          customer_id: w.customerId,
          vendor_id: first,
          site_id: w.dims.site,
          team_id: w.dims.team,
          agent_id: w.dims.agent,
          first_response_at: w.firstResponseAt === null ? null : iso(w.firstResponseAt),
          created_at: iso(w.createdAt),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      w.id = row.id;
      await emit(tx, { organizationId, vendorId: first, type: 'ticket.created', subjectId: row.id });
      return;
    }
    if (kind === 'history') {
      const moves = [
        ...w.vendorChanges.map((c) => ['vendor_id', c] as const),
        ...w.queueChanges.map((c) => ['queue', c] as const),
      ];
      const event = (field: string, before: unknown, after: unknown, when: number) =>
        tx
          .insertInto('ticket_events')
          .values({
            organization_id: organizationId,
            ticket_id: w.id,
            actor_kind: 'system',
            actor_user_id: null,
            field,
            before: JSON.stringify(before),
            after: JSON.stringify(after),
            created_at: iso(when),
          })
          .execute();
      for (const [i, [field, c]] of moves.entries())
        await event(field, c.before, c.after, w.createdAt + (i + 1) * 1000);
      for (const c of w.statusChanges) await event('status', c.before, c.after, c.at);
      await tx
        .updateTable('tickets')
        .set({ status: w.status as 'open', vendor_id: w.dims.vendor, queue: w.dims.queue })
        .where('id', '=', w.id)
        .execute();
      await emit(tx, { organizationId, vendorId: w.dims.vendor, type: 'ticket.updated', subjectId: w.id });
      return;
    }
    if (kind === 'calls') {
      for (const [i, c] of w.calls.entries()) {
        await tx
          .insertInto('calls')
          .values({
            organization_id: organizationId,
            call_id: `${w.id}-${i}`,
            ticket_id: w.id,
            customer_id: w.customerId,
            status: c.answeredAt === null ? 'abandoned' : 'ended',
            queue: w.dims.queue,
            agent_id: c.answeredAt === null ? null : w.dims.agent,
            offered_at: iso(c.offeredAt),
            answered_at: c.answeredAt === null ? null : iso(c.answeredAt),
            abandoned_at: c.abandonedAt === null ? null : iso(c.abandonedAt),
            ended_at: c.answeredAt === null ? null : iso(c.answeredAt + c.handleMs),
            // Some CTIs send the wait, others only the times: both must give the same ASA.
            wait_seconds: c.waitStored ? c.waitMs / 1000 : null,
            talk_seconds: c.answeredAt === null ? null : c.talk,
            hold_seconds: c.answeredAt === null ? null : c.hold,
            wrap_up_seconds: c.answeredAt === null ? null : c.wrap,
          })
          .execute();
      }
      if (w.calls.length)
        await emit(tx, {
          organizationId,
          vendorId: w.dims.vendor,
          type: 'call.updated',
          subjectId: w.id,
          payload: { ticketId: w.id },
        });
      return;
    }
    if (kind === 'spans') {
      for (const s of w.spans) {
        await tx
          .insertInto('activity_spans')
          .values({
            organization_id: organizationId,
            vendor_id: w.dims.vendor,
            agent_id: s.agent,
            ticket_id: w.id,
            state: 'focused',
            started_at: iso(s.start),
            last_at: iso(s.end),
          })
          .execute();
      }
      if (w.spans.length)
        await emit(tx, {
          organizationId,
          vendorId: w.dims.vendor,
          type: 'activity.recorded',
          subjectId: w.id,
          payload: { ticketId: w.id },
        });
      return;
    }
    if (kind === 'sla' && w.sla.length) {
      // As the SLA module stores them (one row per metric) and announces a changed verdict.
      for (const x of w.sla) {
        await tx
          .insertInto('sla_timers')
          .values({
            ticket_id: w.id,
            metric: x.metric,
            organization_id: organizationId,
            cycle: 1,
            state: x.state,
            target_minutes: 60,
            business: false,
            started_at: iso(w.createdAt),
            elapsed_ms: 0,
            due_at: iso(w.createdAt + H),
            breached_at: x.state === 'breached' ? iso(x.at) : null,
            stopped_at: x.state === 'achieved' ? iso(x.at) : null,
            breached_cycles: x.state === 'breached' ? 1 : 0,
          })
          .execute();
      }
      await emit(tx, {
        organizationId,
        vendorId: w.dims.vendor,
        type: 'sla.decided',
        subjectId: w.id,
        payload: { ticketId: w.id, webhook: false },
      });
      return;
    }
    if (kind === 'survey' && w.survey) {
      const s = w.survey;
      const row = await tx
        .insertInto('surveys')
        .values({
          organization_id: organizationId,
          kind: s.kind,
          via: 'email',
          ticket_id: w.id,
          customer_id: w.customerId,
          vendor_id: s.dims.vendor,
          site_id: s.dims.site,
          team_id: s.dims.team,
          agent_id: s.dims.agent,
          queue: s.dims.queue,
          channel: s.dims.channel,
          language: s.dims.language,
          priority: s.dims.priority,
          delivery_status: 'sent',
          sent_at: iso(s.sentAt),
          answered_at: s.answeredAt === null ? null : iso(s.answeredAt),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      // Two versions when the customer changed the answer: the newest counts.
      if (s.score !== null) {
        const versions = s.kind === 'nps' ? [0, s.score] : [s.score];
        for (const [i, score] of versions.entries())
          await tx
            .insertInto('survey_responses')
            .values({
              survey_id: row.id,
              organization_id: organizationId,
              vendor_id: s.dims.vendor,
              version: i + 1,
              score,
            })
            .execute();
      }
      await emit(tx, {
        organizationId,
        vendorId: s.dims.vendor,
        type: 'survey.responded',
        subjectId: row.id,
      });
    }
  });
}

// ---- the hand count ------------------------------------------------------------------------

type Sums = Record<string, number>;
const FCR_WINDOW = 7 * DAY;

/** Each ticket's handle time from console activity: every second an agent is active is split equally between the tickets open then. */
function digitalHandleMs(all: readonly Written[]): Map<string, number> {
  const perAgentSecond = new Map<string, Map<number, Set<string>>>();
  for (const w of all) {
    for (const s of w.spans) {
      const seconds = perAgentSecond.get(s.agent) ?? new Map<number, Set<string>>();
      perAgentSecond.set(s.agent, seconds);
      for (let sec = s.start / 1000; sec < s.end / 1000; sec++) {
        const open = seconds.get(sec) ?? new Set<string>();
        open.add(w.id);
        seconds.set(sec, open);
      }
    }
  }
  const result = new Map<string, number>();
  for (const seconds of perAgentSecond.values())
    for (const open of seconds.values())
      for (const id of open) result.set(id, (result.get(id) ?? 0) + 1000 / open.size);
  return result;
}

function handCount(all: readonly Written[], groupBy: GroupBy, from: number, to: number, shortMs: number) {
  const groups = new Map<string | null, Sums>();
  const add = (key: string | null, at: number, counts: Sums) => {
    if (at < from || at >= to) return;
    const g = groups.get(key) ?? {};
    for (const [k, v] of Object.entries(counts)) g[k] = (g[k] ?? 0) + v;
    groups.set(key, g);
  };
  const digital = digitalHandleMs(all);
  for (const w of all) {
    const key = w.dims[groupBy];
    add(key, w.createdAt, { contacts: 1 });
    if (w.firstResponseAt !== null)
      add(key, w.firstResponseAt, { frt_n: 1, frt_ms: w.firstResponseAt - w.createdAt });
    const solves = w.statusChanges.filter((c) => DONE.includes(c.after) && !DONE.includes(c.before));
    const reopens = w.statusChanges.filter((c) => DONE.includes(c.before) && !DONE.includes(c.after));
    const first = solves[0];
    if (first) {
      const reopenedInWindow = reopens.some((r) => r.at >= first.at && r.at <= first.at + FCR_WINDOW);
      const repeat = all.some(
        (o) =>
          o !== w &&
          o.customerId === w.customerId &&
          o.createdAt >= first.at &&
          o.createdAt <= first.at + FCR_WINDOW &&
          o.tags.some((tag) => w.tags.includes(tag)),
      );
      add(key, first.at, {
        solved_first: 1,
        res_first_ms: first.at - w.createdAt,
        reopened: reopens.some((r) => r.at >= first.at) ? 1 : 0,
        fcr_met: reopenedInWindow || repeat ? 0 : 1,
      });
    }
    const last = solves.at(-1);
    if (last && DONE.includes(w.status))
      add(key, last.at, { solved_last: 1, res_last_ms: last.at - w.createdAt });

    const answered = w.calls.filter((c) => c.answeredAt !== null);
    const handledAt = [w.firstResponseAt, ...answered.map((c) => c.answeredAt)].filter(
      (a): a is number => a !== null,
    );
    if (handledAt.length) {
      const inHouse = handlings[1]!.vendor;
      const escalated = w.vendorChanges.some(
        (c) => c.before !== null && c.before !== inHouse && (c.after === null || c.after === inHouse),
      );
      const transferred =
        w.vendorChanges.some((c) => c.before !== null && c.after !== null) || w.queueChanges.length > 0;
      add(key, Math.min(...handledAt), {
        handled: 1,
        escalated: escalated ? 1 : 0,
        transferred: transferred ? 1 : 0,
      });
    }
    if (w.dims.channel === 'phone') {
      const ms = answered.reduce((s, c) => s + c.handleMs, 0);
      if (ms > 0) add(key, Math.min(...answered.map((c) => c.answeredAt!)), { handle_n: 1, handle_ms: ms });
    } else {
      const ms = Math.round(digital.get(w.id) ?? 0);
      if (ms > 0) add(key, Math.min(...w.spans.map((s) => s.start)), { handle_n: 1, handle_ms: ms });
    }
    for (const c of w.calls) {
      if (c.answeredAt !== null) add(key, c.offeredAt, { answered: 1, wait_ms: c.waitMs });
      else add(key, c.offeredAt, { abandoned: 1, short: c.waitMs < shortMs ? 1 : 0 });
    }
    for (const x of w.sla)
      if (x.state !== 'active') add(key, x.at, { sla_decided: 1, sla_met: x.state === 'achieved' ? 1 : 0 });
    const s = w.survey;
    if (s) {
      const skey = s.dims[groupBy];
      add(skey, s.sentAt, { sent: 1, answered_surveys: s.score !== null ? 1 : 0 });
      if (s.score !== null && s.answeredAt !== null) {
        if (s.kind === 'csat') add(skey, s.answeredAt, { csat_n: 1, csat_good: s.score >= 4 ? 1 : 0 });
        if (s.kind === 'nps')
          add(skey, s.answeredAt, {
            nps_n: 1,
            nps_net: (s.score >= 9 ? 1 : 0) - (s.score <= 6 ? 1 : 0),
          });
        if (s.kind === 'ces') add(skey, s.answeredAt, { ces_n: 1, ces_sum: s.score });
      }
    }
  }
  return groups;
}

/** The figures the report must show for a group, as [name, numerator, denominator] (durations in seconds). */
function expectedFigures(s: Sums): [string, number, number][] {
  const n = (k: string) => s[k] ?? 0;
  return [
    ['first_response_time', n('frt_ms') / 1000, n('frt_n')],
    ['resolution_time_first_solve', n('res_first_ms') / 1000, n('solved_first')],
    ['resolution_time_last_solve', n('res_last_ms') / 1000, n('solved_last')],
    ['aht', n('handle_ms') / 1000, n('handle_n')],
    ['asa', n('wait_ms') / 1000, n('answered')],
    ['abandonment', n('abandoned'), n('answered') + n('abandoned')],
    ['abandonment_short_excluded', n('abandoned') - n('short'), n('answered') + n('abandoned') - n('short')],
    ['fcr', n('fcr_met'), n('solved_first')],
    ['reopen_rate', n('reopened'), n('solved_first')],
    ['escalation_rate', n('escalated'), n('handled')],
    ['transfer_rate', n('transferred'), n('handled')],
    ['csat', n('csat_good'), n('csat_n')],
    ['nps', n('nps_net'), n('nps_n')],
    ['ces', n('ces_sum'), n('ces_n')],
    ['survey_response_rate', n('answered_surveys'), n('sent')],
  ];
}

interface ReportFigure {
  value: number | null;
  numerator: number;
  denominator: number;
}

function checkRow(label: string, kpis: Record<string, ReportFigure | number | null>, sums: Sums) {
  expect(kpis.contacts, `${label} contacts`).toBe(sums.contacts ?? 0);
  for (const [name, numerator, denominator] of expectedFigures(sums)) {
    const f = kpis[name] as ReportFigure;
    expect(f.denominator, `${label} ${name} denominator`).toBe(denominator);
    expect(f.numerator, `${label} ${name} numerator`).toBeCloseTo(numerator, 6);
    if (denominator === 0) expect(f.value, `${label} ${name} value`).toBeNull();
    else {
      const value = name === 'nps' ? (100 * numerator) / denominator : numerator / denominator;
      expect(f.value, `${label} ${name} value`).toBeCloseTo(value, 6);
    }
  }
}

function checkSla(label: string, figure: ReportFigure, sums: Sums) {
  expect(figure.denominator, `${label} sla_attainment denominator`).toBe(sums.sla_decided ?? 0);
  expect(figure.numerator, `${label} sla_attainment numerator`).toBe(sums.sla_met ?? 0);
}

let run = 0;

/** Every page of the drill-down: the tickets' parts add up to the hand count, and so do the totals. */
async function checkTicketsBehind(label: string, query: string, expected: Sums) {
  const figures = new Map(expectedFigures(expected).map(([name, n, d]) => [name, [n, d] as const]));
  figures.set('contacts', [expected.contacts ?? 0, expected.contacts ?? 0]);
  for (const metric of DRILL_METRICS) {
    const [numerator, denominator] = figures.get(metric)!;
    let sumN = 0;
    let sumD = 0;
    let listed = 0;
    const ids = new Set<string>();
    for (let offset = 0; ; offset += 7) {
      const res = await call(
        t.app,
        'GET',
        `/api/v1/analytics/kpis/tickets?${query}&metric=${metric}&limit=7&offset=${offset}`,
        { token: admin.token },
      );
      expect(res.status, `${label} ${metric}`).toBe(200);
      expect(res.body.denominator, `${label} ${metric} report denominator`).toBe(denominator);
      expect(res.body.numerator, `${label} ${metric} report numerator`).toBeCloseTo(numerator, 6);
      for (const row of res.body.tickets) {
        sumN += row.numerator;
        sumD += row.denominator;
        ids.add(`${row.ticket_id}:${listed}`);
        listed++;
      }
      if (res.body.tickets.length < 7) {
        expect(listed, `${label} ${metric} listed`).toBe(res.body.total);
        break;
      }
    }
    expect(sumD, `${label} ${metric} tickets' denominators`).toBe(denominator);
    expect(sumN, `${label} ${metric} tickets' numerators`).toBeCloseTo(numerator, 6);
  }
}

/** Daily and weekly buckets add up to the period's hand count. */
async function checkTrend(label: string, query: string, expected: Sums) {
  for (const interval of ['day', 'week']) {
    const res = await call(t.app, 'GET', `/api/v1/analytics/kpis/trend?${query}&interval=${interval}`, {
      token: admin.token,
    });
    expect(res.status, `${label} ${interval}`).toBe(200);
    const buckets = res.body.buckets as {
      from: string;
      to: string;
      kpis: Record<string, ReportFigure | number>;
    }[];
    expect(buckets[0]?.from, `${label} first bucket starts at from`).toBe(res.body.from);
    expect(buckets.at(-1)?.to, `${label} last bucket ends at to`).toBe(res.body.to);
    for (let i = 1; i < buckets.length; i++) expect(buckets[i]!.from).toBe(buckets[i - 1]!.to);
    const contacts = buckets.reduce((sum, b) => sum + (b.kpis.contacts as number), 0);
    expect(contacts, `${label} ${interval} contacts`).toBe(expected.contacts ?? 0);
    for (const [name, numerator, denominator] of expectedFigures(expected)) {
      const sumD = buckets.reduce((sum, b) => sum + (b.kpis[name] as ReportFigure).denominator, 0);
      const sumN = buckets.reduce((sum, b) => sum + (b.kpis[name] as ReportFigure).numerator, 0);
      expect(sumD, `${label} ${interval} ${name} denominator`).toBe(denominator);
      expect(sumN, `${label} ${interval} ${name} numerator`).toBeCloseTo(numerator, 6);
    }
    const sla = (key: 'numerator' | 'denominator') =>
      buckets.reduce(
        (sum, b) => sum + (b as unknown as { sla_attainment: ReportFigure }).sla_attainment[key],
        0,
      );
    expect(sla('denominator'), `${label} ${interval} sla denominator`).toBe(expected.sla_decided ?? 0);
    expect(sla('numerator'), `${label} ${interval} sla numerator`).toBe(expected.sla_met ?? 0);
  }
}

describe('KPI report equals a hand count from the raw rows', () => {
  it('for every group_by and random periods, with writes and rollup batches interleaved', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(genTicket, { minLength: 15, maxLength: 40 }),
        fc.array(fc.nat(), { minLength: 200, maxLength: 200 }),
        fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 0, max: 10 * 24 }),
        fc.integer({ min: 1, max: 14 * 24 }),
        async (generated, order, batches, fromHour, hours) => {
          // Each run has a period and customers of its own, so runs never see each other's rows.
          const base = Date.parse('2025-01-01T00:00:00Z') + run++ * 40 * DAY;
          const customers: string[] = [];
          for (let i = 0; i < 4; i++) customers.push(await t.make.customer());
          const written = generated.map((g) => materialise(g, base, customers));

          // Every ticket is created first; its other writes follow in a shuffled order.
          const kinds: Step['kind'][] = ['history', 'calls', 'spans', 'survey', 'sla'];
          const later: Step[] = written.flatMap((_, ticket) =>
            kinds.map((kind, k) => ({ ticket, kind, order: order[(ticket * 5 + k) % order.length]! })),
          );
          later.sort((a, b) => a.order - b.order);
          const steps: Step[] = [
            ...written.map((_, ticket) => ({ ticket, kind: 'create' as const, order: 0 })),
            ...later,
          ];
          let b = 0;
          for (const step of steps) {
            await write(t.organizationId, written[step.ticket]!, step.kind);
            const batch = batches[b++ % batches.length]!;
            if (batch > 0) await dispatchOnce(t.database.db, [rollupConsumer], t.config, batch);
          }
          while ((await dispatchOnce(t.database.db, [rollupConsumer], t.config, 3)) > 0) {}

          const periods = [
            [base, base + 20 * DAY],
            [base + fromHour * H, base + (fromHour + hours) * H],
          ] as const;
          for (const [from, to] of periods) {
            for (const groupBy of GROUP_BY) {
              const res = await call(
                t.app,
                'GET',
                `/api/v1/analytics/kpis?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}&group_by=${groupBy}`,
                { token: admin.token },
              );
              expect(res.status).toBe(200);
              const expected = handCount(written, groupBy, from, to, 5000);
              const rows = res.body.rows as {
                key: string | null;
                kpis: Record<string, ReportFigure>;
                sla_attainment: ReportFigure;
              }[];
              const seen = new Set<string | null>();
              for (const row of rows) {
                seen.add(row.key);
                // A group whose events all moved out of the period may stay as an all-zero row.
                checkRow(`${groupBy}=${row.key}`, row.kpis, expected.get(row.key) ?? {});
                checkSla(`${groupBy}=${row.key}`, row.sla_attainment, expected.get(row.key) ?? {});
              }
              for (const key of expected.keys())
                expect(seen.has(key), `${groupBy}=${key} reported`).toBe(true);
              const total: Sums = {};
              for (const sums of expected.values())
                for (const [k, v] of Object.entries(sums)) total[k] = (total[k] ?? 0) + v;
              checkRow(`${groupBy} total`, res.body.total, total);
              checkSla(`${groupBy} total`, res.body.total_sla_attainment, total);
            }
          }

          // A brand whose rollup predates the SLA counters reads attainment from the timers: the
          // same figures.
          await withSystem(t.database.db, (tx) =>
            tx.insertInto('kpi_rollup_outdated').values({ organization_id: t.organizationId }).execute(),
          );
          const [oFrom, oTo] = periods[1];
          const raw = await call(
            t.app,
            'GET',
            `/api/v1/analytics/kpis?from=${new Date(oFrom).toISOString()}&to=${new Date(oTo).toISOString()}&group_by=vendor`,
            { token: admin.token },
          );
          await withSystem(t.database.db, (tx) =>
            tx.deleteFrom('kpi_rollup_outdated').where('organization_id', '=', t.organizationId).execute(),
          );
          const rawExpected = handCount(written, 'vendor', oFrom, oTo, 5000);
          for (const row of raw.body.rows as { key: string | null; sla_attainment: ReportFigure }[])
            checkSla(`from the timers vendor=${row.key}`, row.sla_attainment, rawExpected.get(row.key) ?? {});

          // Drill-down and trends for one vendor and one of its agents over the random period.
          const [from, to] = periods[1];
          const h = handlings[run % 2]!;
          const range = `from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`;
          for (const [filter, groupBy, key] of [
            [`vendor_id=${h.vendor}`, 'vendor', h.vendor],
            [`agent_id=${h.agents[0]}`, 'agent', h.agents[0]],
          ] as const) {
            const expected = handCount(written, groupBy, from, to, 5000).get(key!) ?? {};
            await checkTicketsBehind(`${filter}`, `${range}&${filter}`, expected);
            await checkTrend(`${filter}`, `${range}&${filter}`, expected);
          }
        },
      ),
      { numRuns: 6 },
    );
  }, 600_000);
});

describe('KPI queries never fail with a server error', () => {
  it('reads "over N" for a percentile in the open top bucket instead of failing', async () => {
    const customer = await t.make.customer();
    const created = Date.parse('2024-06-03T10:00:00Z');
    const w = materialise(
      {
        customer: 0,
        tag: 'refund',
        createdAt: 0,
        channel: 'email',
        language: 'en',
        priority: 'normal',
        firstResponseAfter: 9 * DAY,
        statuses: [],
        vendors: [0],
        queues: ['billing'],
        agent: 0,
        calls: [],
        spans: [],
        survey: null,
        sla: [],
      },
      created,
      [customer],
    );
    await write(t.organizationId, w, 'create');
    while ((await dispatchOnce(t.database.db, [rollupConsumer], t.config)) > 0) {}
    const res = await call(
      t.app,
      'GET',
      '/api/v1/analytics/kpis?from=2024-06-01&to=2024-06-30&group_by=channel',
      { token: admin.token },
    );
    expect(res.status).toBe(200);
    expect(res.body.total.first_response_time).toMatchObject({
      p50_at_most: null,
      p50_over: 604_800,
      p90_at_most: null,
      p90_over: 604_800,
    });
  });

  it('answers any from/to/tz/group_by/format with 200 or a 4xx naming the field', async () => {
    const instant = fc.oneof(
      fc
        .date({
          min: new Date('0001-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59Z'),
          noInvalidDate: true,
        })
        .map((d) => d.toISOString()),
      fc
        .date({
          min: new Date('2024-01-01T00:00:00Z'),
          max: new Date('2027-12-31T00:00:00Z'),
          noInvalidDate: true,
        })
        .map((d) => d.toISOString().slice(0, 10)),
      fc
        .tuple(
          fc.date({
            min: new Date('2024-01-01T00:00:00Z'),
            max: new Date('2027-12-31T00:00:00Z'),
            noInvalidDate: true,
          }),
          fc.constantFrom('+05:30', '-03:00', '+14:00', '-12:00', '+0545', 'Z', ''),
        )
        .map(([d, offset]) => `${d.toISOString().slice(0, 19)}${offset}`),
      fc.constantFrom(
        '2024-02-30',
        '2024-13-01',
        '2026-03-29T02:30',
        '2026-10-25T02:30',
        '',
        'yesterday',
        '9'.repeat(40),
      ),
      fc.string({ maxLength: 30 }),
    );
    const zone = fc.oneof(
      fc.constantFrom(
        'UTC',
        'Europe/Copenhagen',
        'Asia/Kolkata',
        'Asia/Kathmandu',
        'Australia/Lord_Howe',
        'Pacific/Chatham',
        'America/St_Johns',
        'Pacific/Kiritimati',
        'Etc/GMT+12',
        'Not/AZone',
        '',
      ),
      fc.string({ maxLength: 70 }),
    );
    await fc.assert(
      fc.asyncProperty(
        instant,
        instant,
        fc.option(zone, { nil: undefined }),
        fc.option(fc.constantFrom(...GROUP_BY, 'nothing', ''), { nil: undefined }),
        fc.option(fc.constantFrom('json', 'csv', 'xml'), { nil: undefined }),
        async (from, to, tz, groupBy, format) => {
          const params = new URLSearchParams({ from, to });
          if (tz !== undefined) params.set('tz', tz);
          if (groupBy !== undefined) params.set('group_by', groupBy);
          if (format !== undefined) params.set('format', format);
          const res = await call(t.app, 'GET', `/api/v1/analytics/kpis?${params}`, { token: admin.token });
          expect(res.status, `${params} → ${JSON.stringify(res.body)}`).toBeLessThan(500);
          if (res.status >= 400) expect(res.body.errors?.[0]?.path ?? res.body.detail).toBeTruthy();
        },
      ),
      { numRuns: 300 },
    );
  }, 300_000);
});
