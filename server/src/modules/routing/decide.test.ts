import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agent, NINE_TO_FIVE } from '../../../test/routing-agents.js';
import { type DecisionInput, decide } from './decide.js';
import { type AgentFacts, agentExclusion, type SiteFacts, siteExclusion } from './eligibility.js';

const at = new Date('2026-11-23T02:00:00Z'); // Monday 10:00 in Manila, 03:00 in Lisbon
const manila: SiteFacts = {
  id: 'mnl',
  vendorId: 'v1',
  name: 'Manila',
  status: 'up',
  calendar: { timeZone: 'Asia/Manila', weeklyHours: NINE_TO_FIVE, holidays: [] },
  dataRegions: [],
};
const lisbon: SiteFacts = {
  ...manila,
  id: 'lis',
  vendorId: 'v2',
  name: 'Lisbon',
  calendar: { ...manila.calendar!, timeZone: 'Europe/Lisbon' },
};
const home: SiteFacts = { ...manila, id: 'home', vendorId: 'inhouse', name: 'HQ', calendar: null };

const base: DecisionInput = {
  needs: {
    channel: 'chat',
    language: 'en',
    dataRegion: null,
    requiredSkills: [],
    requiredCertifications: [],
  },
  at,
  sites: [manila, lisbon, home],
  agents: [
    agent({ id: 'm1', vendorId: 'v1', siteId: 'mnl' }),
    agent({ id: 'l1', vendorId: 'v2', siteId: 'lis' }),
    agent({ id: 'h1', vendorId: 'inhouse', siteId: 'home' }),
  ],
  shares: [
    { vendorId: 'v1', share: 60, deficit: 0 },
    { vendorId: 'v2', share: 30, deficit: 0 },
    { vendorId: 'inhouse', share: 10, deficit: 0 },
  ],
  pinnedVendorId: null,
  pinnedTeamId: null,
  overflow: null,
  stickyAgentId: null,
};

const line = (d: ReturnType<typeof decide>, id: string) => d.candidates.find((c) => c.id === id)?.excluded;

describe('decide', () => {
  it('allocates by share among vendors with an eligible agent and explains the rest', () => {
    const d = decide(base);
    expect(d.agent?.id).toBe('m1');
    expect(d.counted).toBe(true);
    expect(line(d, 'lis')).toBe('outside hours');
    expect(line(d, 'v2')).toBe('no eligible agent');
    expect(line(d, 'inhouse')).toBe('share ahead of target');
    expect(line(d, 'l1')).toBe('site not eligible');
    // v1 and in-house share the contact 60:10 while Lisbon sleeps
    expect(d.deficits.get('v1')).toBeCloseTo(60 / 70 - 1);
    expect(d.deficits.get('inhouse')).toBeCloseTo(10 / 70);
  });

  it.each<[string, Partial<DecisionInput>, string | null, string]>([
    [
      'a down site gets nothing',
      { sites: [{ ...manila, status: 'down' }, lisbon, home] },
      'h1',
      'allocated by share',
    ],
    ['pinned vendor: only its agents, not counted', { pinnedVendorId: 'inhouse' }, 'h1', 'pinned vendor'],
    [
      'pinned vendor without agents waits',
      { pinnedVendorId: 'v2' },
      null,
      'no eligible agent of the pinned vendor',
    ],
    ['sticky agent wins when eligible', { stickyAgentId: 'h1' }, 'h1', 'returning customer: last agent'],
    ['sticky agent outside hours is skipped', { stickyAgentId: 'l1' }, 'm1', 'allocated by share'],
    [
      'residency: EU customers only to EU sites',
      {
        needs: { ...base.needs, dataRegion: 'EU' },
        sites: [manila, lisbon, { ...home, dataRegions: ['EU'] }],
      },
      'h1',
      'allocated by share',
    ],
    [
      'nobody eligible: waits',
      { needs: { ...base.needs, requiredSkills: [{ skill: 'tax', min: 2 }] } },
      null,
      'no eligible agent',
    ],
    [
      'no shares configured: least busy anywhere',
      { shares: [] },
      'h1',
      'no shares configured: least busy agent',
    ],
    [
      'overflow to a backup vendor once past the threshold',
      {
        shares: [{ vendorId: 'v2', share: 100, deficit: 0 }],
        overflow: { vendorIds: ['inhouse'], siteIds: [] },
      },
      'h1',
      'overflow to a backup vendor or site',
    ],
    [
      'before the threshold the backup vendor is not used',
      { shares: [{ vendorId: 'v2', share: 100, deficit: 0 }] },
      null,
      'no eligible agent',
    ],
  ])('%s', (_, input, agentId, summary) => {
    const d = decide({ ...base, ...input });
    expect(d.agent?.id ?? null).toBe(agentId);
    expect(d.summary).toBe(summary);
  });

  it('a pinned team keeps the contact within the team', () => {
    const d = decide({
      ...base,
      pinnedVendorId: 'v1',
      pinnedTeamId: 't2',
      agents: [
        agent({ id: 'm1', vendorId: 'v1', siteId: 'mnl', teamId: 't1' }),
        agent({ id: 'm2', vendorId: 'v1', siteId: 'mnl', teamId: 't2' }),
      ],
    });
    expect(d.agent?.id).toBe('m2');
    expect(line(d, 'm1')).toBe('not in the pinned team');
  });
});

// Random worlds: sites with random status and hours, agents with random skills, load, presence.
const siteArb = fc.record({
  status: fc.constantFrom('up', 'degraded', 'down') as fc.Arbitrary<SiteFacts['status']>,
  zone: fc.constantFrom('Asia/Manila', 'Europe/Lisbon', 'America/Bogota', 'UTC'),
  calendar: fc.boolean(),
  eu: fc.boolean(),
});
const agentArb = fc.record({
  site: fc.nat(3),
  online: fc.boolean(),
  billing: fc.integer({ min: 0, max: 5 }),
  de: fc.boolean(),
  chat: fc.nat(4),
  phone: fc.nat(1),
  chatCap: fc.nat(3),
  lastAssignedAt: fc.option(fc.nat(10_000)),
});
const worldArb = fc.record({
  sites: fc.array(siteArb, { minLength: 4, maxLength: 4 }),
  agents: fc.array(agentArb, { maxLength: 12 }),
  shares: fc.array(fc.nat(100), { minLength: 4, maxLength: 4 }),
  minBilling: fc.integer({ min: 0, max: 5 }),
  language: fc.constantFrom('en', 'de', null),
  region: fc.constantFrom('EU', null),
  channel: fc.constantFrom('chat', 'phone') as fc.Arbitrary<'chat' | 'phone'>,
  hour: fc.integer({ min: 0, max: 167 }),
  pinned: fc.option(fc.nat(3)),
  overflow: fc.boolean(),
});

type World = typeof worldArb extends fc.Arbitrary<infer T> ? T : never;

function buildWorld(w: World): DecisionInput {
  const sites: SiteFacts[] = w.sites.map((s, i) => ({
    id: `s${i}`,
    vendorId: `v${i}`,
    name: `Site ${i}`,
    status: s.status,
    calendar: s.calendar ? { timeZone: s.zone, weeklyHours: NINE_TO_FIVE, holidays: [] } : null,
    dataRegions: s.eu ? ['EU'] : [],
  }));
  const agents: AgentFacts[] = w.agents.map((a, i) =>
    agent({
      id: `a${i}`,
      vendorId: `v${a.site}`,
      siteId: `s${a.site}`,
      online: a.online,
      skills: a.billing ? { billing: a.billing } : {},
      languages: a.de ? ['de', 'en'] : ['en'],
      load: { email: 0, chat: a.chat, phone: a.phone, web: 0, api: 0, social: 0 },
      capacity: { chat: a.chatCap, phone: 1 },
      lastAssignedAt: a.lastAssignedAt,
    }),
  );
  return {
    needs: {
      channel: w.channel,
      language: w.language,
      dataRegion: w.region,
      requiredSkills: w.minBilling ? [{ skill: 'billing', min: w.minBilling }] : [],
      requiredCertifications: [],
    },
    at: new Date(Date.UTC(2026, 10, 23, 0, 0) + w.hour * 3_600_000),
    sites,
    agents,
    shares: w.shares.map((share, i) => ({ vendorId: `v${i}`, share, deficit: 0 })),
    pinnedVendorId: w.pinned === null ? null : `v${w.pinned}`,
    pinnedTeamId: null,
    overflow: w.overflow ? { vendorIds: ['v3'], siteIds: [] } : null,
    stickyAgentId: w.agents.length ? 'a0' : null,
  };
}

describe('decide properties', () => {
  it('never assigns to an ineligible agent, a down site, a closed site, a disallowed region, or beyond capacity', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        const input = buildWorld(w);
        const d = decide(input);
        if (!d.agent) {
          // waiting is explicit: a summary says why
          expect(d.summary.length).toBeGreaterThan(0);
          return;
        }
        const site = input.sites.find((s) => s.id === d.agent!.siteId)!;
        expect(site.status).not.toBe('down');
        expect(siteExclusion(site, input.needs, input.at)).toBeNull();
        expect(agentExclusion(d.agent, input.needs)).toBeNull();
        expect(site.vendorId).toBe(d.agent.vendorId);
        if (input.pinnedVendorId) expect(d.agent.vendorId).toBe(input.pinnedVendorId);
        // the chosen vendor has a share, is an overflow vendor, or the queue has no shares
        const shared = input.shares.some((s) => s.share > 0 && s.vendorId === d.vendorId);
        const anyVendor = input.shares.every((s) => s.share <= 0);
        expect(
          shared ||
            anyVendor ||
            input.pinnedVendorId !== null ||
            input.overflow?.vendorIds.includes(d.vendorId!) ||
            d.via === 'sticky',
        ).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('assigns whenever some allowed agent is eligible (no contact waits needlessly)', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        const input = { ...buildWorld(w), pinnedVendorId: null, overflow: null, stickyAgentId: null };
        const d = decide(input);
        const allowed = new Set(
          input.shares.some((s) => s.share > 0)
            ? input.shares.filter((s) => s.share > 0).map((s) => s.vendorId)
            : input.sites.map((s) => s.vendorId),
        );
        const someone = input.agents.some((a) => {
          const site = input.sites.find((s) => s.id === a.siteId)!;
          return (
            allowed.has(a.vendorId) &&
            !siteExclusion(site, input.needs, input.at) &&
            !agentExclusion(a, input.needs)
          );
        });
        expect(d.agent !== null).toBe(someone);
      }),
      { numRuns: 400 },
    );
  });

  /**
   * A day of random events over a model of the database: contacts arrive, agents come and go,
   * sites go down and up, work is solved. At every step each contact is either assigned to an
   * agent within capacity or still in the waiting list; once everyone is back, all are assigned.
   */
  it('every contact is eventually assigned or still visibly waiting, never lost, never over capacity', () => {
    const eventArb = fc.oneof(
      fc.record({
        kind: fc.constant('contact' as const),
        channel: fc.constantFrom('chat', 'email', 'phone') as fc.Arbitrary<'chat' | 'email' | 'phone'>,
      }),
      fc.record({ kind: fc.constant('presence' as const), agent: fc.nat(5), online: fc.boolean() }),
      fc.record({ kind: fc.constant('site' as const), site: fc.nat(2), down: fc.boolean() }),
      fc.record({ kind: fc.constant('solve' as const), pick: fc.nat(1000) }),
    );
    fc.assert(
      fc.property(fc.array(eventArb, { minLength: 1, maxLength: 120 }), (events) => {
        const sites: SiteFacts[] = [0, 1, 2].map((i) => ({
          id: `s${i}`,
          vendorId: `v${i}`,
          name: `S${i}`,
          status: 'up',
          calendar: null,
          dataRegions: [],
        }));
        const agents: AgentFacts[] = [0, 1, 2, 3, 4, 5].map((i) =>
          agent({
            id: `a${i}`,
            vendorId: `v${i % 3}`,
            siteId: `s${i % 3}`,
            online: false,
            capacity: { chat: 2, email: 3, phone: 1 },
          }),
        );
        let shares = [0, 1, 2].map((i) => ({ vendorId: `v${i}`, share: [60, 30, 10][i]!, deficit: 0 }));
        const waiting: { id: number; channel: 'chat' | 'email' | 'phone' }[] = [];
        const assigned = new Map<number, { agent: string; channel: 'chat' | 'email' | 'phone' }>();
        let next = 0;
        const route = () => {
          for (const c of [...waiting]) {
            const d = decide({
              ...base,
              needs: { ...base.needs, channel: c.channel, language: null },
              sites,
              agents,
              shares,
            });
            if (!d.agent) continue;
            const a = d.agent;
            expect(agentExclusion(a, { ...base.needs, channel: c.channel, language: null })).toBeNull();
            a.load = { ...a.load, [c.channel]: a.load[c.channel] + 1 };
            shares = shares.map((s) => ({ ...s, deficit: d.deficits.get(s.vendorId) ?? s.deficit }));
            waiting.splice(waiting.indexOf(c), 1);
            assigned.set(c.id, { agent: a.id, channel: c.channel });
          }
        };
        const requeueSite = (siteId: string) => {
          for (const [id, x] of [...assigned]) {
            const a = agents.find((g) => g.id === x.agent)!;
            if (a.siteId !== siteId) continue;
            a.load = { ...a.load, [x.channel]: a.load[x.channel] - 1 };
            assigned.delete(id);
            waiting.push({ id, channel: x.channel });
          }
        };
        for (const e of events) {
          if (e.kind === 'contact') waiting.push({ id: next++, channel: e.channel });
          else if (e.kind === 'presence') agents[e.agent]!.online = e.online;
          else if (e.kind === 'site') {
            sites[e.site]!.status = e.down ? 'down' : 'up';
            if (e.down) requeueSite(`s${e.site}`);
          } else if (assigned.size) {
            const ids = [...assigned.keys()];
            const id = ids[e.pick % ids.length]!;
            const x = assigned.get(id)!;
            const a = agents.find((g) => g.id === x.agent)!;
            a.load = { ...a.load, [x.channel]: a.load[x.channel] - 1 };
            assigned.delete(id);
          }
          route();
          // never lost: every contact is either waiting or assigned (solved ones left on purpose)
          for (const [, x] of assigned) {
            const a = agents.find((g) => g.id === x.agent)!;
            expect(sites.find((s) => s.id === a.siteId)!.status).not.toBe('down');
          }
          for (const a of agents) {
            expect(a.load.chat).toBeLessThanOrEqual(2);
            expect(a.load.email).toBeLessThanOrEqual(3);
            expect(a.load.phone).toBeLessThanOrEqual(1);
          }
          const ids = new Set([...waiting.map((w) => w.id), ...assigned.keys()]);
          expect(ids.size).toBe(waiting.length + assigned.size);
        }
        // Everyone back and work solved as it frees: every waiting contact ends assigned.
        for (const s of sites) s.status = 'up';
        for (const a of agents) a.online = true;
        let rounds = 0;
        while (waiting.length && rounds++ < 1000) {
          route();
          const first = assigned.keys().next();
          if (!first.done) {
            const x = assigned.get(first.value)!;
            const a = agents.find((g) => g.id === x.agent)!;
            a.load = { ...a.load, [x.channel]: a.load[x.channel] - 1 };
            assigned.delete(first.value);
          }
        }
        expect(waiting).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
