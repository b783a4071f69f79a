import { describe, expect, it } from 'vitest';
import { type HistoryEntry, historySentence } from './history-sentence';

const MARIA = '00000000-0000-4000-8000-000000000001';
const JON = '00000000-0000-4000-8000-000000000002';
const LUCIA = '00000000-0000-4000-8000-000000000003';
const PACIFIC = '00000000-0000-4000-8000-00000000000a';
const ANDES = '00000000-0000-4000-8000-00000000000b';
const MANILA = '00000000-0000-4000-8000-00000000000c';
const TEAM = '00000000-0000-4000-8000-00000000000d';
const QUEUE = '00000000-0000-4000-8000-00000000000e';
const RULE = '00000000-0000-4000-8000-00000000000f';
const FREJA = '00000000-0000-4000-8000-000000000010';
const OLD_FREJA = '00000000-0000-4000-8000-000000000011';
const DELETED = '00000000-0000-4000-8000-000000000099';

const NAMES: Record<string, string> = {
  [MARIA]: 'Maria Santos',
  [JON]: 'Jon Berg',
  [LUCIA]: 'Lucía Gómez',
  [PACIFIC]: 'Pacific Contact Solutions',
  [ANDES]: 'Andes & Atlantic Support',
  [MANILA]: 'Manila North',
  [TEAM]: 'Billing squad',
  [QUEUE]: 'Technical',
  [RULE]: 'Technical questions',
  [FREJA]: 'Freja Jensen',
  [OLD_FREJA]: 'F. Jensen',
};

type Actor = Pick<HistoryEntry, 'actor_kind' | 'actor_name' | 'actor_hidden' | 'actor_user_id'>;
const maria: Actor = {
  actor_kind: 'user',
  actor_user_id: MARIA,
  actor_name: 'Maria Santos',
  actor_hidden: null,
};
const system: Actor = { actor_kind: 'system', actor_user_id: null, actor_name: null, actor_hidden: null };
const customer: Actor = { actor_kind: 'customer', actor_user_id: null, actor_name: null, actor_hidden: null };

function entry(field: string, before: unknown, after: unknown, actor: Actor = maria): HistoryEntry {
  return {
    kind: 'event',
    id: '1',
    at: '2026-12-01T10:00:00.000Z',
    field,
    before,
    after,
    ...actor,
    names: NAMES,
  };
}

describe('historySentence', () => {
  it.each<[string, HistoryEntry, string]>([
    [
      'created by the customer',
      entry('created', null, { status: 'new', channel: 'email' }, customer),
      'The customer created the ticket by email',
    ],
    [
      'created, value not an object',
      entry('created', null, 'new', customer),
      'The customer created the ticket',
    ],
    ['status', entry('status', 'new', 'on_hold'), 'Maria Santos changed the status from new to on hold'],
    [
      'priority',
      entry('priority', 'normal', 'urgent'),
      'Maria Santos changed the priority from normal to urgent',
    ],
    ['channel', entry('channel', 'chat', 'email', system), 'Tandem changed the channel from chat to email'],
    ['language', entry('language', null, 'es', system), 'Tandem set the language to Spanish'],
    [
      'queue by a person',
      entry('queue', 'Billing', 'Technical'),
      'Maria Santos moved the ticket from queue Billing to queue Technical',
    ],
    ['queue cleared', entry('queue', 'Billing', null), 'Maria Santos took the ticket out of queue Billing'],
    [
      'queue by a routing rule',
      entry('queue', 'Sla-escalations', { queue: 'Technical', queue_id: QUEUE, rule_id: RULE }, system),
      'Tandem routed the ticket from queue Sla-escalations to queue Technical (rule “Technical questions”)',
    ],
    [
      'queue by a rule the reader may not see',
      entry('queue', null, { queue: 'Technical', queue_id: QUEUE, rule_id: 'brand' }, system),
      'Tandem routed the ticket to queue Technical (by a routing rule)',
    ],
    [
      'tags added',
      entry('tags', ['billing'], ['billing', 'refund', 'vip']),
      'Maria Santos added tags refund and vip',
    ],
    [
      'tags added and removed',
      entry('tags', ['billing', 'vip'], ['refund', 'vip']),
      'Maria Santos added tag refund and removed tag billing',
    ],
    [
      'custom fields by their label',
      entry(
        'custom_fields',
        { 'Order number': '1001', Gift: false },
        { 'Order number': '1002', 'Return label': true },
      ),
      'Maria Santos changed Order number from 1001 to 1002, cleared Gift (was no) and set Return label to yes',
    ],
    [
      'vendor moved',
      entry('vendor_id', PACIFIC, ANDES, system),
      'Tandem moved the ticket from Pacific Contact Solutions to Andes & Atlantic Support',
    ],
    [
      'vendor from another vendor',
      entry('vendor_id', 'another_vendor', ANDES),
      'Maria Santos moved the ticket from another vendor to Andes & Atlantic Support',
    ],
    ['site set', entry('site_id', null, MANILA), 'Maria Santos moved the ticket to site Manila North'],
    [
      'site cleared',
      entry('site_id', 'another_vendor', null),
      'Maria Santos removed the ticket from a site of another vendor',
    ],
    ['team', entry('team_id', null, TEAM), 'Maria Santos moved the ticket to team Billing squad'],
    ['agent assigned', entry('agent_id', null, JON), 'Maria Santos assigned the ticket to Jon Berg'],
    [
      'agent reassigned',
      entry('agent_id', JON, LUCIA),
      'Maria Santos reassigned the ticket from Jon Berg to Lucía Gómez',
    ],
    [
      'agent of another vendor',
      entry('agent_id', 'another_vendor', LUCIA),
      'Maria Santos reassigned the ticket from an agent of another vendor to Lucía Gómez',
    ],
    ['agent unassigned', entry('agent_id', JON, null), 'Maria Santos unassigned Jon Berg'],
    [
      'agent no longer known',
      entry('agent_id', null, DELETED),
      'Maria Santos assigned the ticket to an unknown agent',
    ],
    [
      'customer merged',
      entry('customer_id', OLD_FREJA, FREJA),
      'Maria Santos changed the customer from F. Jensen to Freja Jensen',
    ],
    [
      'customer hidden',
      entry('customer_id', 'hidden', FREJA),
      'Maria Santos changed the customer from another customer to Freja Jensen',
    ],
    [
      'first response',
      entry('first_response_at', null, '2026-12-01T10:00:00.000Z'),
      'Maria Santos sent the first response',
    ],
    [
      'another time',
      entry('solved_at', null, '2026-12-01T10:00:00.000Z', system),
      'Tandem recorded solved at',
    ],
    [
      'routing assignment',
      entry(
        'assignment',
        null,
        {
          vendor_id: PACIFIC,
          site_id: MANILA,
          team_id: TEAM,
          agent_id: JON,
          queue: 'Technical',
          via: 'allocated by share',
        },
        system,
      ),
      'Tandem assigned the ticket to Jon Berg (Pacific Contact Solutions) from queue Technical (allocated by share)',
    ],
    [
      'transfer',
      entry(
        'transfer',
        { vendor_id: PACIFIC, site_id: MANILA, team_id: TEAM, agent_id: JON, queue: 'Technical' },
        { vendor_id: ANDES, site_id: null, team_id: null, agent_id: LUCIA, reason: 'Spanish speaker' },
      ),
      'Maria Santos transferred the ticket from Jon Berg (Pacific Contact Solutions) to Lucía Gómez (Andes & Atlantic Support): “Spanish speaker”',
    ],
    [
      'transfer seen by the new vendor',
      entry(
        'transfer',
        {
          vendor_id: 'another_vendor',
          site_id: 'another_vendor',
          team_id: 'another_vendor',
          agent_id: 'another_vendor',
        },
        { vendor_id: ANDES, site_id: null, team_id: null, agent_id: null, reason: 'Spanish speaker' },
        { actor_kind: 'user', actor_user_id: null, actor_name: null, actor_hidden: 'brand' },
      ),
      'Someone at the brand transferred the ticket from an agent of another vendor to Andes & Atlantic Support: “Spanish speaker”',
    ],
    [
      'transfer to a queue',
      entry(
        'transfer',
        { vendor_id: null, agent_id: null, queue: 'Billing' },
        { vendor_id: null, agent_id: null, queue: 'Technical', reason: 'wrong queue' },
      ),
      'Maria Santos transferred the ticket from queue Billing to queue Technical: “wrong queue”',
    ],
    [
      'requeued when a site goes down',
      entry(
        'requeued',
        { vendor_id: PACIFIC, site_id: MANILA, agent_id: JON },
        { reason: 'site down', vendor_id: null },
        system,
      ),
      'Tandem re-queued the ticket (site down), taking it from Jon Berg (Pacific Contact Solutions)',
    ],
    [
      'routing overflow',
      entry('routing_overflow', null, { queue_id: QUEUE }, system),
      'Tandem let other vendors and sites take the ticket in queue Technical (overflow)',
    ],
    [
      'an unknown field, object-valued, never JSON',
      entry(
        'sla_policy',
        { name: 'Gold', agent_id: 'another_vendor' },
        { name: 'Platinum', hours: 4, weekend: true },
        system,
      ),
      'Tandem changed sla policy from name: Gold, agent: an agent of another vendor to name: Platinum, hours: 4, weekend: yes',
    ],
    ['an unknown field set', entry('escalation_level', null, 2, system), 'Tandem set escalation level to 2'],
    [
      'an actor of another vendor',
      entry('status', 'new', 'open', {
        actor_kind: 'user',
        actor_user_id: null,
        actor_name: null,
        actor_hidden: 'another_vendor',
      }),
      'An agent of another vendor changed the status from new to open',
    ],
  ])('%s', (_, item, sentence) => {
    expect(historySentence(item)).toBe(sentence);
  });

  it('never prints JSON or a raw id', () => {
    const values = [
      null,
      'x',
      3,
      true,
      ['a', { b: 1 }],
      { queue: 'Q', queue_id: QUEUE, nested: { deep: [1, 2] } },
      DELETED,
    ];
    for (const field of [
      'queue',
      'custom_fields',
      'assignment',
      'transfer',
      'whatever',
      'agent_id',
      'created',
    ])
      for (const before of values)
        for (const after of values) {
          const sentence = historySentence(entry(field, before, after));
          expect(sentence).not.toMatch(/[{}"[\]]/);
          expect(sentence).not.toContain(DELETED);
        }
  });
});
