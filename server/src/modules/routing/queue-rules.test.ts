import { describe, expect, it } from 'vitest';
import type { RuleConditions } from '../../platform/db/schema.js';
import { matchQueue, ruleMatches, type TicketFacts } from './queue-rules.js';

const ticket: TicketFacts = {
  channel: 'email',
  language: 'pt-BR',
  tags: ['Refund', 'vip'],
  tier: 'gold',
  segment: 'smb',
  customFields: { plan: 'pro', seats: 10 },
  supportAddress: 'help@brand.test',
  dataRegion: 'EU',
};

describe('ruleMatches', () => {
  it.each<[string, RuleConditions, boolean]>([
    ['no conditions match anything', {}, true],
    ['channel in list', { channels: ['chat', 'email'] }, true],
    ['channel not in list', { channels: ['chat'] }, false],
    ['language by primary subtag', { languages: ['pt'] }, true],
    ['language exact', { languages: ['pt-br'] }, true],
    ['other language', { languages: ['es'] }, false],
    ['any tag, case-insensitive', { tags_any: ['refund', 'x'] }, true],
    ['no tag matches', { tags_any: ['billing'] }, false],
    ['tier', { tiers: ['gold', 'platinum'] }, true],
    ['wrong tier', { tiers: ['standard'] }, false],
    ['segment', { segments: ['SMB'] }, true],
    ['custom field equal', { custom_fields: { plan: 'pro', seats: 10 } }, true],
    ['custom field differs', { custom_fields: { plan: 'free' } }, false],
    ['custom field type matters', { custom_fields: { seats: '10' } }, false],
    ['support address', { support_addresses: ['help@brand.test'] }, true],
    ['other support address', { support_addresses: ['sales@brand.test'] }, false],
    ['data region', { data_regions: ['eu'] }, true],
    ['other data region', { data_regions: ['US'] }, false],
    ['all conditions must hold', { channels: ['email'], tiers: ['standard'] }, false],
  ])('%s', (_, conditions, expected) => {
    expect(ruleMatches(conditions, ticket)).toBe(expected);
  });

  it('a language condition needs a language', () => {
    expect(ruleMatches({ languages: ['en'] }, { ...ticket, language: null })).toBe(false);
  });
});

describe('matchQueue', () => {
  const rules = [
    { id: 'r3', position: 30, queueId: 'general', active: true, conditions: {} },
    { id: 'r1', position: 10, queueId: 'vip', active: true, conditions: { tags_any: ['vip'] } },
    { id: 'r0', position: 5, queueId: 'off', active: false, conditions: {} },
    { id: 'r2', position: 20, queueId: 'eu', active: true, conditions: { data_regions: ['EU'] } },
  ];
  it('takes the first active matching rule by position', () => {
    expect(matchQueue(rules, ticket)).toEqual({ queueId: 'vip', ruleId: 'r1' });
    expect(matchQueue(rules, { ...ticket, tags: [] })).toEqual({ queueId: 'eu', ruleId: 'r2' });
    expect(matchQueue(rules, { ...ticket, tags: [], dataRegion: null })).toEqual({
      queueId: 'general',
      ruleId: 'r3',
    });
  });
  it('returns null when nothing matches', () => {
    expect(matchQueue(rules.slice(1, 2), { ...ticket, tags: [] })).toBeNull();
  });
});
