import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { describe, expect, it } from 'vitest';
import { arrivalsBetween, DEMO_ARRIVALS, localTime } from './arrivals.js';
import type { Locale } from './content.js';
import { PHRASES } from './conversation.js';
import { generateDemo } from './generate.js';
import { createRng } from './random.js';

const now = new Date('2026-11-20T12:00:00Z');
const demo = generateDemo({ seed: 7, now });
const DAY = 86_400_000;

describe('demo generator', () => {
  it('produces the same rows for the same seed and now, and different ones for another seed', () => {
    const again = generateDemo({ seed: 7, now });
    expect(JSON.stringify(again)).toBe(JSON.stringify(demo));
    const other = generateDemo({ seed: 8, now });
    expect(other.tickets[0]?.id).not.toBe(demo.tickets[0]?.id);
  });

  it('builds an in-house team and two outsourced vendors with their sites and about 40 agents', () => {
    expect(demo.vendors.map((v) => v.kind).sort()).toEqual(['internal', 'outsourced', 'outsourced']);
    expect(demo.sites.map((s) => s.time_zone).sort()).toEqual([
      'America/Bogota',
      'Asia/Manila',
      'Europe/Copenhagen',
      'Europe/Lisbon',
    ]);
    expect(demo.agents.length).toBeGreaterThanOrEqual(35);
    expect(demo.agents.length).toBeLessThanOrEqual(45);
    const roles = new Set(demo.users.map((u) => u.role));
    for (const role of [
      'brand_admin',
      'brand_analyst',
      'auditor',
      'qa_reviewer',
      'vendor_admin',
      'team_lead',
      'agent',
    ])
      expect(roles).toContain(role);
    expect(demo.users.map((u) => u.email)).toContain('admin@demo.tandem.test');
    expect(new Set(demo.users.map((u) => u.email)).size).toBe(demo.users.length);
    for (const s of demo.skills) expect(s.proficiency).toBeGreaterThanOrEqual(1);
    for (const s of demo.skills) expect(s.proficiency).toBeLessThanOrEqual(5);
    const agentsWithSkills = new Set(demo.skills.map((s) => s.user_id));
    expect(demo.agents.every((a) => agentsWithSkills.has(a.id))).toBe(true);
  });

  it('gives every customer a unique email and every phone in valid E.164 form', () => {
    expect(demo.customers).toHaveLength(1500);
    const emails = demo.identities.filter((i) => i.kind === 'email');
    expect(emails).toHaveLength(1500);
    const phones = demo.identities.filter((i) => i.kind === 'phone');
    expect(phones.length).toBeGreaterThan(600);
    for (const p of phones) expect(parsePhoneNumberFromString(p.value)?.number).toBe(p.value);
  });

  it('spreads about 3,000 tickets over 90 days across all six channels', () => {
    expect(demo.tickets.length).toBeGreaterThan(2700);
    expect(demo.tickets.length).toBeLessThan(3300);
    const times = demo.tickets.map((t) => Date.parse(t.created_at));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(now.getTime() - 90 * DAY);
    expect(Math.max(...times)).toBeLessThanOrEqual(now.getTime());
    expect(new Set(demo.tickets.map((t) => t.channel)).size).toBe(6);
  });

  it('keeps statuses consistent with age: old tickets closed, recent ones still being worked', () => {
    const old = demo.tickets.filter((t) => now.getTime() - Date.parse(t.created_at) > 30 * DAY);
    const closedShare = old.filter((t) => t.status === 'closed').length / old.length;
    expect(closedShare).toBeGreaterThan(0.85);
    const lastDay = demo.tickets.filter((t) => now.getTime() - Date.parse(t.created_at) < DAY);
    expect(lastDay.some((t) => t.status === 'new' || t.status === 'open' || t.status === 'pending')).toBe(
      true,
    );
    expect(lastDay.every((t) => t.status !== 'closed')).toBe(true);
    for (const t of demo.tickets) {
      expect(t.agent_id === null).toBe(t.status === 'new');
      expect(t.solved_at !== null).toBe(t.status === 'solved' || t.status === 'closed');
      if (t.first_response_at) expect(t.first_response_at >= t.created_at).toBe(true);
      expect(Date.parse(t.updated_at!)).toBeLessThanOrEqual(now.getTime());
    }
  });

  it('opens every ticket with the customer’s message and answers every assigned one', () => {
    const byTicket = new Map<string, typeof demo.messages>();
    for (const m of demo.messages) byTicket.set(m.ticket_id, [...(byTicket.get(m.ticket_id) ?? []), m]);
    for (const t of demo.tickets) {
      const messages = byTicket.get(t.id) ?? [];
      // A call the caller hung up on opens with the phone system's line, everything else with the customer.
      expect(messages[0]?.author_kind).toBe(t.tags?.includes('abandoned') ? 'system' : 'customer');
      expect(messages[0]?.created_at).toBe(t.created_at);
      if (t.agent_id) expect(messages.some((m) => m.author_kind === 'agent')).toBe(true);
      for (const m of messages) expect(Date.parse(m.created_at!)).toBeLessThanOrEqual(now.getTime());
    }
    expect(demo.events.filter((e) => e.field === 'created')).toHaveLength(demo.tickets.length);
    const events = demo.events.filter((e) => e.field === 'status' && e.after === 'closed');
    expect(events).toHaveLength(demo.tickets.filter((t) => t.status === 'closed').length);
  });
});

describe('what the demo’s contacts leave behind', () => {
  const ticketOf = new Map(demo.tickets.map((t) => [t.id, t]));
  const vendorKey = (vendorId: string | null | undefined) =>
    demo.vendors.find((v) => v.id === vendorId)!.name.split(' ')[0];
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

  it('gives every phone ticket one call: waits of tens of seconds, a few abandoned, minutes of talk', () => {
    const phone = demo.tickets.filter((t) => t.channel === 'phone');
    expect(demo.calls.map((c) => c.ticket_id).sort()).toEqual(phone.map((t) => t.id).sort());
    expect(new Set(demo.calls.map((c) => c.call_id)).size).toBe(demo.calls.length);
    const offered = demo.calls.filter((c) => c.status === 'ended' || c.status === 'abandoned');
    const abandoned = offered.filter((c) => c.status === 'abandoned');
    expect(abandoned.length / offered.length).toBeGreaterThan(0.04);
    expect(abandoned.length / offered.length).toBeLessThan(0.12);
    const ended = offered.filter((c) => c.status === 'ended');
    const waits = ended.map((c) => Number(c.wait_seconds));
    expect(median(waits)).toBeGreaterThan(10);
    expect(median(waits)).toBeLessThan(90);
    expect(Math.max(...waits)).toBeGreaterThan(3 * median(waits)); // a long tail
    expect(median(ended.map((c) => Number(c.talk_seconds)))).toBeGreaterThan(120);
    for (const c of ended) {
      expect(c.agent_id).not.toBeNull();
      expect(c.answered_at! >= c.offered_at!).toBe(true);
      expect(c.ended_at! <= now.toISOString()).toBe(true);
    }
    for (const c of abandoned) {
      expect(c.answered_at).toBeNull();
      expect(ticketOf.get(c.ticket_id)!.tags).toContain('abandoned');
    }
  });

  it('records console attention around agent replies on digital tickets, never on phone ones', () => {
    const withSpans = new Set(demo.spans.map((s) => s.ticket_id));
    for (const s of demo.spans) {
      expect(ticketOf.get(s.ticket_id)!.channel).not.toBe('phone');
      expect(s.last_at > s.started_at).toBe(true);
      expect(s.last_at <= now.toISOString()).toBe(true);
    }
    const answeredDigital = demo.tickets.filter((t) => t.channel !== 'phone' && t.first_response_at);
    expect(answeredDigital.every((t) => withSpans.has(t.id))).toBe(true);
  });

  it('surveys solved tickets after the solve, with a third answered, in each kind’s range', () => {
    for (const s of demo.surveys) {
      const t = ticketOf.get(s.ticket_id!)!;
      expect(t.solved_at).not.toBeNull();
      expect(s.sent_at! > t.solved_at!).toBe(true);
      expect(s.vendor_id).toBe(t.vendor_id);
      expect(s.agent_id).toBe(t.agent_id);
    }
    expect(new Set(demo.surveys.map((s) => s.kind))).toEqual(new Set(['csat', 'nps', 'ces']));
    const answered = demo.surveys.filter((s) => s.answered_at !== null);
    expect(answered.length / demo.surveys.length).toBeGreaterThan(0.2);
    expect(answered.length / demo.surveys.length).toBeLessThan(0.45);
    expect(demo.responses).toHaveLength(answered.length);
    const kindOf = new Map(demo.surveys.map((s) => [s.id, s.kind]));
    const range = { csat: [1, 5], nps: [0, 10], ces: [1, 7] } as const;
    for (const r of demo.responses) {
      const [min, max] = range[kindOf.get(r.survey_id)!];
      expect(r.score).toBeGreaterThanOrEqual(min);
      expect(r.score).toBeLessThanOrEqual(max);
    }
  });

  it('transfers, escalates and reopens some tickets, leaving the ticket on the after value', () => {
    const moves = demo.events.filter((e) => e.field === 'queue' || e.field === 'vendor_id');
    for (const e of moves) {
      const t = ticketOf.get(e.ticket_id)!;
      expect(e.before).not.toBe(e.after);
      expect(e.field === 'queue' ? t.queue : t.vendor_id).toBe(e.after);
    }
    expect(moves.filter((e) => e.field === 'queue').length).toBeGreaterThan(50);
    const escalated = moves.filter((e) => e.field === 'vendor_id');
    expect(escalated.length).toBeGreaterThan(5);
    for (const e of escalated) expect(demo.vendors.find((v) => v.id === e.after)?.kind).toBe('internal');
    const reopens = demo.events.filter(
      (e) => e.field === 'status' && e.before === 'solved' && e.after === 'open',
    );
    expect(reopens.length).toBeGreaterThan(50);
  });

  it('makes the vendors differ: Pacific answers chats slower and abandons more calls than Andes', () => {
    const share = (vendor: string, within: number) => {
      const chats = demo.tickets.filter(
        (t) => t.channel === 'chat' && t.first_response_at && vendorKey(t.vendor_id) === vendor,
      );
      return (
        chats.filter((t) => Date.parse(t.first_response_at!) - Date.parse(t.created_at) <= within).length /
        chats.length
      );
    };
    expect(share('Pacific', 30_000)).toBeLessThan(0.7);
    expect(share('Andes', 30_000)).toBeGreaterThan(0.8);
    const abandonment = (vendor: string) => {
      const calls = demo.calls.filter(
        (c) =>
          (c.status === 'ended' || c.status === 'abandoned') &&
          vendorKey(ticketOf.get(c.ticket_id)!.vendor_id) === vendor,
      );
      return calls.filter((c) => c.status === 'abandoned').length / calls.length;
    };
    expect(abandonment('Pacific')).toBeGreaterThan(abandonment('Andes'));
  });
});

describe('ticket text', () => {
  it('is written in the ticket’s language: subject, customer opening and agent greeting', () => {
    const first = new Map<string, (typeof demo.messages)[number]>();
    for (const m of demo.messages) if (!first.has(m.ticket_id)) first.set(m.ticket_id, m);
    const agentReplies = demo.messages.filter((m) => m.author_kind === 'agent' && m.visibility === 'public');
    const ticketOf = new Map(demo.tickets.map((t) => [t.id, t]));
    for (const t of demo.tickets) {
      const say = PHRASES[t.language as Locale];
      if (t.tags?.includes('abandoned')) continue; // the phone system's own line
      expect(Object.values(say.subjects).flat()).toContain(t.subject);
      expect(Object.values(say.openings).flat()).toContain(first.get(t.id)!.body_text);
    }
    for (const m of agentReplies) {
      const t = ticketOf.get(m.ticket_id)!;
      expect(m.body_text.startsWith(`${PHRASES[t.language as Locale].greeting} `)).toBe(true);
    }
    expect(new Set(demo.tickets.map((t) => t.language)).size).toBe(6);
  });
});

describe('arrival process', () => {
  const from = new Date('2026-01-05T00:00:00Z');
  const to = new Date(from.getTime() + 8 * 7 * DAY);
  const arrivals = arrivalsBetween(from, to, createRng(1));
  const local = arrivals.map((a) => localTime(a, DEMO_ARRIVALS.timeZone));

  it('matches the configured daily mean within a few percent', () => {
    const perDay = arrivals.length / 56;
    expect(perDay).toBeGreaterThan(DEMO_ARRIVALS.perDay * 0.93);
    expect(perDay).toBeLessThan(DEMO_ARRIVALS.perDay * 1.07);
  });

  it('is weekday-heavy: an average weekday carries well over an average weekend day', () => {
    const weekend = local.filter((l) => l.weekday === 0 || l.weekday === 6).length / 2;
    const weekday = local.filter((l) => l.weekday >= 1 && l.weekday <= 5).length / 5;
    expect(weekday).toBeGreaterThan(1.6 * weekend);
  });

  it('peaks in business hours: 08–18 local carries most contacts, nights very few', () => {
    const business = local.filter((l) => l.hour >= 8 && l.hour < 18).length / arrivals.length;
    const night = local.filter((l) => l.hour < 6).length / arrivals.length;
    expect(business).toBeGreaterThan(0.6);
    expect(night).toBeLessThan(0.05);
  });

  it('returns instants inside the window, in order', () => {
    for (let i = 1; i < arrivals.length; i++)
      expect(arrivals[i]!.getTime()).toBeGreaterThanOrEqual(arrivals[i - 1]!.getTime());
    expect(arrivals[0]!.getTime()).toBeGreaterThanOrEqual(from.getTime());
    expect(arrivals.at(-1)!.getTime()).toBeLessThan(to.getTime());
  });
});
