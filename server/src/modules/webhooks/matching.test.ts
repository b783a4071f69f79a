import { describe, expect, it } from 'vitest';
import { wants } from './matching.js';
import { signatureHeader, verifySignature } from './signature.js';

const brand = { vendor_id: null, networks: [] as string[] };
const vendorA = { vendor_id: 'A', networks: [] as string[] };

describe('which subscriptions an event goes to', () => {
  it.each([
    [{ ...brand, event_types: ['*'] }, { type: 'ticket.created', vendor_id: 'A' }, true],
    [{ ...brand, event_types: ['ticket.*'] }, { type: 'ticket.status_changed', vendor_id: null }, true],
    [{ ...brand, event_types: ['ticket.*'] }, { type: 'message.created', vendor_id: 'A' }, false],
    [{ ...brand, event_types: ['message.created'] }, { type: 'message.created', vendor_id: 'B' }, true],
    [{ ...vendorA, event_types: ['*'] }, { type: 'message.created', vendor_id: 'A' }, true],
    [{ ...vendorA, event_types: ['*'] }, { type: 'message.created', vendor_id: 'B' }, false],
    [{ ...vendorA, event_types: ['*'] }, { type: 'ticket.created', vendor_id: null }, false],
    [{ ...brand, event_types: ['*'] }, { type: 'social.reply', vendor_id: null, network: 'x' }, false],
    [{ ...brand, event_types: ['*'] }, { type: 'activity.recorded', vendor_id: 'A' }, false],
    [{ ...brand, event_types: ['*'] }, { type: 'demo.seeded', vendor_id: null }, false],
    [{ ...brand, event_types: ['activity.*'] }, { type: 'activity.recorded', vendor_id: 'A' }, true],
    [
      { ...brand, event_types: ['social.reply'] },
      { type: 'social.reply', vendor_id: 'A', network: 'x' },
      true,
    ],
    [
      { ...brand, event_types: ['social.reply'], networks: ['instagram'] },
      { type: 'social.reply', vendor_id: null, network: 'x' },
      false,
    ],
    [
      { ...vendorA, event_types: ['social.reply'] },
      { type: 'social.reply', vendor_id: 'B', network: 'x' },
      false,
    ],
  ])('%j hears %j: %s', (sub, event, expected) => {
    expect(wants(sub, event)).toBe(expected);
  });
});

describe('webhook signature', () => {
  const body = '{"type":"ticket.created"}';
  it('verifies its own signature within the tolerance and nothing else', () => {
    const header = signatureHeader('whsec_x', body, 1_700_000_000);
    expect(header).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
    expect(verifySignature(header, 'whsec_x', body, 1_700_000_100)).toBe(true);
    expect(verifySignature(header, 'whsec_x', body, 1_700_001_000)).toBe(false);
    expect(verifySignature(header, 'whsec_y', body, 1_700_000_000)).toBe(false);
    expect(
      verifySignature(header.replace('t=1700000000', 't=1700000001'), 'whsec_x', body, 1_700_000_000),
    ).toBe(false);
    expect(verifySignature('garbage', 'whsec_x', body, 1_700_000_000)).toBe(false);
  });
});
