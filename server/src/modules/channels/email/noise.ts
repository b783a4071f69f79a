/**
 * Mail that must not become a ticket: automatic replies and bounces. Answering them would start a mail
 * loop with another robot (out-of-office ↔ auto-acknowledgement), and a bounce is about our mail, not
 * a customer's request. Judged from headers only (RFC 3834 Auto-Submitted, the older Precedence and
 * X-Autoreply conventions, RFC 3464 delivery-status reports) and the envelope sender.
 */
export interface NoiseSignals {
  /** MAIL FROM; '' for the null return path <> that bounces and auto-replies use. */
  envelopeFrom: string;
  fromAddress: string | null;
  autoSubmitted: string | null;
  precedence: string | null;
  xAutoreply: string | null;
  xAutorespond: string | null;
  /** Content-Type of the whole message, lower-case, without parameters. */
  contentType: string | null;
  /** The report-type parameter of a multipart/report. */
  reportType: string | null;
}

const ROBOT_SENDERS = /^(mailer-daemon|postmaster)@/i;
const NOISY_PRECEDENCE = new Set(['bulk', 'junk', 'list', 'auto_reply']);

/** Why this mail is noise (a short reason for the intake log), or null for a person's mail. */
export function noiseReason(s: NoiseSignals): string | null {
  const auto = s.autoSubmitted?.trim().toLowerCase();
  if (auto && !auto.startsWith('no')) return `auto-submitted: ${auto.split(';')[0]}`;
  const precedence = s.precedence?.trim().toLowerCase();
  if (precedence && NOISY_PRECEDENCE.has(precedence)) return `precedence: ${precedence}`;
  if (s.xAutoreply) return 'x-autoreply';
  if (s.xAutorespond) return 'x-autorespond';
  if (s.contentType === 'multipart/report' && s.reportType?.toLowerCase() === 'delivery-status') {
    return 'delivery status notification';
  }
  if (ROBOT_SENDERS.test(s.envelopeFrom) || (s.fromAddress && ROBOT_SENDERS.test(s.fromAddress))) {
    return 'mailer-daemon sender';
  }
  if (s.envelopeFrom === '') return 'empty return path';
  return null;
}
