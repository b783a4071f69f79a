import { describe, expect, it } from 'vitest';
import { referencesOf, resolveEntry } from './names.js';

const SEEN = '00000000-0000-4000-8000-000000000001';
const OTHER = '00000000-0000-4000-8000-000000000002';
const BRAND = '00000000-0000-4000-8000-000000000003';
const RULE = '00000000-0000-4000-8000-000000000004';
const resolution = { names: new Map([[SEEN, 'Jon Berg']]), brandUsers: new Set([BRAND]) };

describe('history entry names', () => {
  it('collects ids from id fields, from id-named keys of objects and from the actor, skipping non-ids', () => {
    const refs = referencesOf([
      { field: 'agent_id', before: OTHER, after: SEEN, actor_user_id: BRAND },
      {
        field: 'queue',
        before: 'Billing',
        after: { queue: 'Technical', queue_id: null, rule_id: RULE },
        actor_user_id: null,
      },
      {
        field: 'created',
        before: 'new',
        after: { site_id: 'not-an-id', agent_id: null },
        actor_user_id: null,
      },
    ]);
    expect([...refs.user].sort()).toEqual([SEEN, OTHER, BRAND].sort());
    expect([...refs.rule]).toEqual([RULE]);
    expect(refs.site.size + refs.queue.size + refs.vendor.size).toBe(0);
  });

  it.each([
    ['a visible agent keeps its id and gains its name', 'agent_id', SEEN, SEEN, { [SEEN]: 'Jon Berg' }],
    ['another vendor’s agent becomes a marker', 'agent_id', OTHER, 'another_vendor', {}],
    ['a brand user hidden from a vendor reads as the brand', 'agent_id', BRAND, 'brand', {}],
    [
      'another vendor’s site inside an object',
      'transfer',
      { site_id: OTHER, reason: 'x' },
      { site_id: 'another_vendor', reason: 'x' },
      {},
    ],
    [
      'a hidden routing rule is the brand’s',
      'queue',
      { queue: 'Q', rule_id: RULE },
      { queue: 'Q', rule_id: 'brand' },
      {},
    ],
    ['a hidden customer', 'customer_id', OTHER, 'hidden', {}],
    ['other values pass through', 'status', 'open', 'open', {}],
  ])('%s', (_, field, after, expected, names) => {
    const out = resolveEntry({ field, before: null, after, actor_user_id: null }, resolution);
    expect(out.after).toEqual(expected);
    expect(out.names).toEqual(names);
  });

  it('hides an actor the reader may not see, saying only whether it was the brand or another vendor', () => {
    const entry = (actor: string) => ({
      field: 'status',
      before: 'new',
      after: 'open',
      actor_user_id: actor,
    });
    expect(resolveEntry(entry(BRAND), resolution)).toMatchObject({
      actor_user_id: null,
      actor_hidden: 'brand',
    });
    expect(resolveEntry(entry(OTHER), resolution)).toMatchObject({
      actor_user_id: null,
      actor_hidden: 'another_vendor',
    });
    expect(resolveEntry(entry(SEEN), resolution)).toMatchObject({ actor_user_id: SEEN, actor_hidden: null });
  });
});
