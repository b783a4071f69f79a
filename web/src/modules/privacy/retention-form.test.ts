import { describe, expect, it } from 'vitest';
import { retentionPut } from '../../api/server-schemas';
import {
  describeRetention,
  period,
  retentionBody,
  retentionErrors,
  rowsFromPolicies,
} from './retention-form';

describe('retention form', () => {
  it('has a row per channel, filled from the saved policies', () => {
    const rows = rowsFromPolicies([
      { channel: 'chat', attachments_days: 30, redact_closed_after_days: null },
    ]);
    expect(rows.map((r) => r.channel)).toEqual(['email', 'chat', 'phone', 'web', 'api', 'social']);
    expect(rows[1]).toEqual({ channel: 'chat', attachments_days: 30, redact_closed_after_days: '' });
    expect(rows[0]).toEqual({ channel: 'email', attachments_days: '', redact_closed_after_days: '' });
  });

  it('sends only channels with a period, empty meaning keep', () => {
    const rows = rowsFromPolicies([]);
    rows[0]!.attachments_days = 90;
    rows[0]!.redact_closed_after_days = '730';
    rows[2]!.redact_closed_after_days = 365;
    const body = retentionBody(rows);
    expect(body).toEqual({
      policies: [
        { channel: 'email', attachments_days: 90, redact_closed_after_days: 730 },
        { channel: 'phone', attachments_days: null, redact_closed_after_days: 365 },
      ],
    });
    expect(retentionPut.safeParse(body).success).toBe(true);
  });

  it('puts the schema’s and the server’s errors on the channel’s field, in words', () => {
    const rows = rowsFromPolicies([]);
    rows[3]!.attachments_days = 0;
    const body = retentionBody(rows);
    const parsed = retentionPut.safeParse(body);
    expect(parsed.success).toBe(false);
    const issues = parsed.error!.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    expect(retentionErrors(issues, body).fields).toEqual({ 'web.attachments_days': 'At least 1' });
    const server = retentionErrors(
      [
        {
          path: 'body.policies.0.redact_closed_after_days',
          message: 'Too big: expected number to be <=36500',
        },
        { path: 'body.policies', message: 'one policy per channel' },
      ],
      body,
    );
    expect(server.fields).toEqual({ 'web.redact_closed_after_days': 'At most 36500' });
    expect(server.other).toEqual(['one policy per channel']);
  });

  it('explains what the policy will do', () => {
    expect(period(90)).toBe('90 days (about 3 months)');
    expect(period(730)).toBe('730 days (about 2 years)');
    expect(period(7)).toBe('7 days');
    expect(describeRetention({ channel: 'email', attachments_days: '', redact_closed_after_days: '' })).toBe(
      'Email: everything is kept.',
    );
    const text = describeRetention({ channel: 'phone', attachments_days: 30, redact_closed_after_days: 365 });
    expect(text).toContain('attachments are deleted 30 days (about 1 month) after they were stored');
    expect(text).toContain('a ticket closed 365 days (about 1 year) ago');
    expect(text).toContain('cannot be undone');
    expect(describeRetention({ channel: 'chat', attachments_days: 0, redact_closed_after_days: '' })).toBe(
      'Chat: fix the periods first.',
    );
  });
});
