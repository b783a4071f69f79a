import type { Problem } from '../../api/errors';
import { plainMessage } from '../../api/plain-messages';
import { CHANNELS } from '../../api/server-schemas';

export type Channel = (typeof CHANNELS)[number];
export type RetentionField = 'attachments_days' | 'redact_closed_after_days';

/** One row of the form: a channel and its two periods, '' meaning "keep". */
export interface RetentionRow {
  channel: Channel;
  attachments_days: number | string;
  redact_closed_after_days: number | string;
}

interface Policy {
  channel: Channel;
  attachments_days: number | null;
  redact_closed_after_days: number | null;
}

/** Every channel, filled from the saved policies (a channel without one keeps everything). */
export function rowsFromPolicies(policies: readonly Policy[]): RetentionRow[] {
  return CHANNELS.map((channel) => {
    const p = policies.find((x) => x.channel === channel);
    return {
      channel,
      attachments_days: p?.attachments_days ?? '',
      redact_closed_after_days: p?.redact_closed_after_days ?? '',
    };
  });
}

const value = (v: number | string): number | null => (v === '' ? null : Number(v));

/** The PUT body: only channels with a period set (the API: a channel left out keeps everything). */
export function retentionBody(rows: readonly RetentionRow[]): { policies: Policy[] } {
  return {
    policies: rows
      .map((r) => ({
        channel: r.channel,
        attachments_days: value(r.attachments_days),
        redact_closed_after_days: value(r.redact_closed_after_days),
      }))
      .filter((p) => p.attachments_days !== null || p.redact_closed_after_days !== null),
  };
}

/**
 * Errors keyed "<channel>.<field>" from issue paths "policies.<i>.<field>" (zod's, or the server's
 * "body.policies.<i>.<field>"), where <i> indexes the body sent; others in words in `other`.
 */
export function retentionErrors(
  issues: readonly { path: string; message: string }[],
  sent: { policies: Policy[] },
): { fields: Record<string, string>; other: string[] } {
  const fields: Record<string, string> = {};
  const other: string[] = [];
  for (const issue of issues) {
    const path = issue.path.replace(/^body\.?/, '');
    const m = /^policies\.(\d+)\.(attachments_days|redact_closed_after_days)$/.exec(path);
    const channel = m ? sent.policies[Number(m[1])]?.channel : undefined;
    const message = plainMessage(issue.message, path);
    if (m && channel) fields[`${channel}.${m[2]}`] ??= message;
    else other.push(message);
  }
  return { fields, other };
}

/** Problem+json issues as retentionErrors reads them (the detail when there are none). */
export function problemIssues(problem: Problem) {
  return problem.errors?.length
    ? problem.errors
    : [{ path: '', message: problem.detail ?? problem.title ?? 'The policy was not saved' }];
}

/** "90 days", "730 days (about 2 years)", "60 days (about 2 months)". */
export function period(days: number): string {
  const base = `${days} ${days === 1 ? 'day' : 'days'}`;
  if (days >= 365 && days % 365 < 31) {
    const years = Math.round(days / 365);
    return `${base} (about ${years} ${years === 1 ? 'year' : 'years'})`;
  }
  if (days >= 28 && days < 365) {
    const months = Math.round(days / 30.4);
    return `${base} (about ${months} ${months === 1 ? 'month' : 'months'})`;
  }
  return base;
}

const channelName: Record<Channel, string> = {
  email: 'Email',
  chat: 'Chat',
  phone: 'Phone',
  web: 'Web form',
  api: 'API',
  social: 'Social',
};
export const channelLabel = (c: Channel) => channelName[c];

/** What the nightly run will do for one row, in words. */
export function describeRetention(row: RetentionRow): string {
  const name = channelName[row.channel];
  const a = value(row.attachments_days);
  const r = value(row.redact_closed_after_days);
  if ((a !== null && !(a >= 1)) || (r !== null && !(r >= 1))) return `${name}: fix the periods first.`;
  const parts: string[] = [];
  if (a !== null)
    parts.push(`attachments are deleted ${period(a)} after they were stored, open ticket or not`);
  if (r !== null)
    parts.push(
      `a ticket closed ${period(r)} ago has its subject, messages, attachments and the caller's and visitor's details redacted; the customer, the ticket's status and times stay, so reports do not change`,
    );
  if (parts.length === 0) return `${name}: everything is kept.`;
  return `${name}: ${parts.join('; ')}. This cannot be undone.`;
}
