import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ChainEntry,
  canonicalEntry,
  canonicalJson,
  EMPTY_HEAD,
  GENESIS_HASH,
  hashEntry,
  link,
  type StoredEntry,
  verifyChain,
} from './chain.js';

const ORG = '00000000-0000-4000-8000-000000000001';

const entryArb: fc.Arbitrary<Omit<ChainEntry, 'seq'>> = fc.record({
  organization_id: fc.constant(ORG),
  occurred_at: fc
    .integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) })
    .map((ms) => new Date(ms).toISOString()),
  actor_user_id: fc.option(fc.uuid(), { nil: null }),
  actor_label: fc.string({ minLength: 1, maxLength: 20 }),
  vendor_id: fc.option(fc.uuid(), { nil: null }),
  action: fc.constantFrom('user.role_changed', 'token.revoked', 'sla_policy.updated', 'export.invoice'),
  object_type: fc.constantFrom('user', 'api_token', 'sla_policy', 'vendor_invoice'),
  object_id: fc.option(fc.uuid(), { nil: null }),
  details: fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
});
const chainArb = fc.array(entryArb, { minLength: 1, maxLength: 12 }).map((es) => link(es));

type Field = keyof StoredEntry;
const FIELDS: Field[] = [
  'organization_id',
  'seq',
  'occurred_at',
  'actor_user_id',
  'actor_label',
  'vendor_id',
  'action',
  'object_type',
  'object_id',
  'details',
  'prev_hash',
  'hash',
];

/** A value of the field that differs from the entry's own. */
function changed(e: StoredEntry, field: Field): StoredEntry {
  const v = e[field];
  switch (field) {
    case 'seq':
      return { ...e, seq: e.seq + 100 };
    case 'occurred_at':
      return { ...e, occurred_at: new Date(Date.parse(e.occurred_at) + 1).toISOString() };
    case 'details':
      return { ...e, details: { ...(e.details as object), tampered: true } };
    case 'prev_hash':
    case 'hash':
      return { ...e, [field]: (v as string).replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) };
    default:
      return { ...e, [field]: v === null ? 'x' : `${v as string}x` };
  }
}

describe('canonical serialisation', () => {
  it('sorts keys at every depth and keeps explicit nulls', () => {
    expect(canonicalJson({ b: 1, a: { d: null, c: [2, { f: 1, e: 0 }] }, u: undefined })).toBe(
      '{"a":{"c":[2,{"e":0,"f":1}],"d":null},"b":1}',
    );
  });

  it('does not depend on key order or on the timestamp’s spelling', () => {
    const a: ChainEntry = {
      organization_id: ORG,
      seq: 1,
      occurred_at: '2026-03-01T10:00:00.000Z',
      actor_user_id: null,
      actor_label: 'system',
      vendor_id: null,
      action: 'user.role_changed',
      object_type: 'user',
      object_id: 'u1',
      details: { role: { before: 'agent', after: 'team_lead' } },
    };
    const b = {
      ...a,
      occurred_at: '2026-03-01T11:00:00+01:00',
      details: { role: { after: 'team_lead', before: 'agent' } },
    };
    expect(canonicalEntry(b)).toBe(canonicalEntry(a));
    expect(hashEntry(GENESIS_HASH, b)).toBe(hashEntry(GENESIS_HASH, a));
    expect(hashEntry(GENESIS_HASH, a)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('verifyChain', () => {
  it('verifies an empty chain and an untouched one, returning the head', () => {
    expect(verifyChain([])).toEqual({ ok: true, head: EMPTY_HEAD, count: 0 });
    fc.assert(
      fc.property(chainArb, (chain) => {
        const v = verifyChain(chain);
        const last = chain[chain.length - 1]!;
        expect(v).toEqual({ ok: true, head: { seq: last.seq, hash: last.hash }, count: chain.length });
      }),
    );
  });

  it('verifies in pages when each page starts from the previous page’s head', () => {
    fc.assert(
      fc.property(chainArb, fc.nat(), (chain, cut) => {
        const at = cut % (chain.length + 1);
        const first = verifyChain(chain.slice(0, at));
        if (!first.ok) throw new Error('first page broken');
        expect(verifyChain(chain.slice(at), first.head)).toMatchObject({
          ok: true,
          count: chain.length - at,
        });
      }),
    );
  });

  it('detects a change to any single field at that entry’s seq', () => {
    fc.assert(
      fc.property(chainArb, fc.nat(), fc.constantFrom(...FIELDS), (chain, pick, field) => {
        const i = pick % chain.length;
        const tampered = chain.map((e, j) => (j === i ? changed(e, field) : e));
        const v = verifyChain(tampered);
        expect(v).toMatchObject({ ok: false, seq: i + 1, count: i });
        const reason = field === 'seq' ? 'seq' : field === 'prev_hash' ? 'prev_hash' : 'hash';
        expect(v.ok || v.reason).toBe(reason);
      }),
    );
  });

  it('detects a deleted entry (other than the last) at its seq', () => {
    fc.assert(
      fc.property(
        chainArb.filter((c) => c.length >= 2),
        fc.nat(),
        (chain, pick) => {
          const i = pick % (chain.length - 1);
          const v = verifyChain(chain.filter((_, j) => j !== i));
          expect(v).toMatchObject({ ok: false, seq: i + 1, reason: 'seq' });
        },
      ),
    );
  });

  it('detects two entries swapped at the first one’s seq', () => {
    fc.assert(
      fc.property(
        chainArb.filter((c) => c.length >= 2),
        fc.nat(),
        (chain, pick) => {
          const i = pick % (chain.length - 1);
          const swapped = [...chain];
          [swapped[i], swapped[i + 1]] = [swapped[i + 1]!, swapped[i]!];
          expect(verifyChain(swapped)).toMatchObject({ ok: false, seq: i + 1, reason: 'seq' });
        },
      ),
    );
  });

  it('detects an inserted entry, even one hashed correctly, at the entry it displaces', () => {
    fc.assert(
      fc.property(chainArb, fc.nat(), entryArb, (chain, pick, forged) => {
        const i = pick % chain.length;
        const before = i === 0 ? EMPTY_HEAD : { seq: chain[i - 1]!.seq, hash: chain[i - 1]!.hash };
        const [inserted] = link([forged], before);
        const v = verifyChain([...chain.slice(0, i), inserted!, ...chain.slice(i)]);
        // The forgery links well; the genuine entry after it is where the chain breaks.
        expect(v).toMatchObject({ ok: false, seq: i + 2, reason: 'seq' });
      }),
    );
  });
});
