import { describe, expect, it } from 'vitest';
import { agent, NINE_TO_FIVE, zero } from '../../../test/routing-agents.js';
import { pickAgent } from './agent-selection.js';
import {
  type AgentFacts,
  agentExclusion,
  type ContactNeeds,
  hasCapacity,
  type SiteFacts,
  siteExclusion,
} from './eligibility.js';

const needs: ContactNeeds = {
  channel: 'chat',
  language: 'en',
  dataRegion: null,
  requiredSkills: [{ skill: 'billing', min: 3 }],
  requiredCertifications: [],
};
const site: SiteFacts = {
  id: 's',
  vendorId: 'v',
  name: 'Manila',
  status: 'up',
  calendar: { timeZone: 'Asia/Manila', weeklyHours: NINE_TO_FIVE, holidays: [] },
  dataRegions: ['APAC'],
};
// Monday 2026-11-23 10:00 in Manila is 02:00 UTC.
const mondayTenManila = new Date('2026-11-23T02:00:00Z');

describe('siteExclusion', () => {
  it.each<[string, Partial<SiteFacts>, Partial<ContactNeeds>, Date, string | null]>([
    ['open, up, no region', {}, {}, mondayTenManila, null],
    ['down', { status: 'down' }, {}, mondayTenManila, 'site down'],
    ['degraded still takes work', { status: 'degraded' }, {}, mondayTenManila, null],
    ['outside hours in its own zone', {}, {}, new Date('2026-11-23T12:00:00Z'), 'outside hours'],
    ['weekend', {}, {}, new Date('2026-11-22T02:00:00Z'), 'outside hours'],
    ['no calendar: always open', { calendar: null }, {}, new Date('2026-11-22T02:00:00Z'), null],
    ['region allowed', {}, { dataRegion: 'apac' }, mondayTenManila, null],
    ['region not allowed', {}, { dataRegion: 'EU' }, mondayTenManila, 'data region EU not allowed'],
    [
      'holiday',
      {
        calendar: {
          timeZone: 'Asia/Manila',
          weeklyHours: NINE_TO_FIVE,
          holidays: [{ date: '2026-11-23', yearly: false }],
        },
      },
      {},
      mondayTenManila,
      'outside hours',
    ],
  ])('%s', (_, s, n, at, expected) => {
    expect(siteExclusion({ ...site, ...s }, { ...needs, ...n }, at)).toBe(expected);
  });
});

describe('agentExclusion', () => {
  it.each<[string, Partial<AgentFacts>, Partial<ContactNeeds>, string | null]>([
    ['eligible', {}, {}, null],
    ['away', { online: false }, {}, 'not online'],
    ['missing skill', { skills: {} }, {}, 'missing skill billing≥3'],
    ['skill too low', { skills: { billing: 2 } }, {}, 'missing skill billing≥3'],
    ['language by primary subtag', { languages: ['pt'] }, { language: 'pt-BR' }, null],
    ['regional agent language', { languages: ['pt-PT'] }, { language: 'pt' }, null],
    ['wrong language', { languages: ['de'] }, {}, 'does not speak en'],
    ['no language needed', { languages: [] }, { language: null }, null],
    ['certification missing', {}, { requiredCertifications: ['pci'] }, 'missing certification pci'],
    ['certification held', { certifications: ['pci'] }, { requiredCertifications: ['pci'] }, null],
    ['chats full', { load: { ...zero, chat: 3 } }, {}, 'at capacity'],
    ['a call blocks chats', { load: { ...zero, phone: 1 } }, {}, 'at capacity'],
    ['emails do not block chats', { load: { ...zero, email: 5 } }, {}, null],
    ['no capacity row for the channel', { capacity: { email: 5 } }, {}, 'at capacity'],
  ])('%s', (_, a, n, expected) => {
    expect(agentExclusion(agent(a), { ...needs, ...n })).toBe(expected);
  });
});

describe('hasCapacity', () => {
  it.each<[string, Partial<AgentFacts>, ContactNeeds['channel'], boolean]>([
    ['3 chats + 5 emails: a 3rd chat', { load: { ...zero, chat: 2 } }, 'chat', true],
    ['3 chats + 5 emails: a 4th chat', { load: { ...zero, chat: 3 } }, 'chat', false],
    ['1 call: a second call', { load: { ...zero, phone: 1 } }, 'phone', false],
    ['1 call: an email during a call', { load: { ...zero, phone: 1 } }, 'email', false],
    ['web uses the email capacity', { load: { ...zero, web: 4 } }, 'web', true],
    ['web at the email capacity', { load: { ...zero, web: 5 } }, 'web', false],
    ['web with its own row', { capacity: { web: 1 }, load: { ...zero, web: 1 } }, 'web', false],
  ])('%s', (_, a, channel, expected) => {
    expect(hasCapacity(agent(a), channel)).toBe(expected);
  });
});

describe('pickAgent', () => {
  it.each<[string, AgentFacts[], string | null, string | null]>([
    ['nobody', [], null, null],
    [
      'least busy first',
      [agent({ id: 'busy', load: { ...zero, chat: 2 } }), agent({ id: 'free', load: { ...zero, email: 1 } })],
      null,
      'free',
    ],
    [
      'then longest idle',
      [agent({ id: 'recent', lastAssignedAt: 2000 }), agent({ id: 'idle', lastAssignedAt: 1000 })],
      null,
      'idle',
    ],
    [
      'never assigned is the longest idle',
      [agent({ id: 'x', lastAssignedAt: 1 }), agent({ id: 'new' })],
      null,
      'new',
    ],
    [
      'sticky agent first when eligible',
      [agent({ id: 'free' }), agent({ id: 'last', load: { ...zero, chat: 2 } })],
      'last',
      'last',
    ],
    ['sticky agent not among the eligible', [agent({ id: 'free' })], 'gone', 'free'],
  ])('%s', (_, agents, sticky, expected) => {
    expect(pickAgent(agents, sticky)?.id ?? null).toBe(expected);
  });
});
