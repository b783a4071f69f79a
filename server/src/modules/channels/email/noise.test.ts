import { describe, expect, it } from 'vitest';
import { type NoiseSignals, noiseReason } from './noise.js';

const person: NoiseSignals = {
  envelopeFrom: 'maria@customer.test',
  fromAddress: 'maria@customer.test',
  autoSubmitted: null,
  precedence: null,
  xAutoreply: null,
  xAutorespond: null,
  contentType: 'text/plain',
  reportType: null,
};

describe('noise', () => {
  it.each([
    [{}, null],
    [{ autoSubmitted: 'no' }, null],
    [{ autoSubmitted: 'No ' }, null],
    [{ autoSubmitted: 'auto-replied' }, 'auto-submitted: auto-replied'],
    [{ autoSubmitted: 'auto-generated; owner-email=x@y' }, 'auto-submitted: auto-generated'],
    [{ precedence: 'bulk' }, 'precedence: bulk'],
    [{ precedence: 'JUNK' }, 'precedence: junk'],
    [{ precedence: 'list' }, 'precedence: list'],
    [{ precedence: 'auto_reply' }, 'precedence: auto_reply'],
    [{ precedence: 'first-class' }, null],
    [{ xAutoreply: 'yes' }, 'x-autoreply'],
    [{ xAutorespond: 'true' }, 'x-autorespond'],
    [{ contentType: 'multipart/report', reportType: 'delivery-status' }, 'delivery status notification'],
    [{ contentType: 'multipart/report', reportType: 'disposition-notification' }, null],
    [{ envelopeFrom: 'MAILER-DAEMON@mx.test' }, 'mailer-daemon sender'],
    [{ fromAddress: 'postmaster@mx.test' }, 'mailer-daemon sender'],
    [{ envelopeFrom: '' }, 'empty return path'],
  ] as Array<[Partial<NoiseSignals>, string | null]>)('%o → %s', (signals, reason) => {
    expect(noiseReason({ ...person, ...signals })).toBe(reason);
  });
});
