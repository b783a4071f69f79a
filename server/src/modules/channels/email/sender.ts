import nodemailer, { type Transporter } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { Config } from '../../../platform/config.js';
import type { Row } from '../../../platform/db/schema.js';
import { type Tx, withSystem } from '../../../platform/db/transaction.js';
import { retryDelayMs } from '../../../platform/outbox/backoff.js';
import type { DeliverySender } from '../../../platform/outbox/worker.js';
import { emailIdsBefore, recordMessageDelivery, replyContexts } from '../../tickets/index.js';
import { addressOf, replyMessageId, replySubject, threadingHeaders } from './compose.js';
import * as repo from './delivery-repository.js';

const BATCH = 10;
const LEASE_SECONDS = 180;

interface RenderedMail {
  from: string;
  to: string;
  subject: string;
  messageId: string;
  inReplyTo: string | null;
  raw: Buffer;
}

/** The full RFC 5322 message for one reply, built once so the relay and the capture see the same bytes. */
async function render(
  tx: Tx,
  delivery: Row<'email_deliveries'>,
  config: Config,
): Promise<RenderedMail | null> {
  const [reply] = await replyContexts(tx, [delivery.message_id]);
  if (!reply) return null;
  const { message, ticket } = reply;
  const earlier = await emailIdsBefore(tx, ticket.id, message.created_at);
  const messageId = replyMessageId(ticket.id, message.id, config.TANDEM_MAIL_FROM);
  const { inReplyTo, references } = threadingHeaders(
    earlier.filter((m) => !m.external_id?.includes(`.${message.id}@`)),
  );
  const subject = replySubject(ticket.subject, Number(ticket.number));
  const composer = new MailComposer({
    from: config.TANDEM_MAIL_FROM,
    to: delivery.recipient,
    subject,
    messageId,
    ...(inReplyTo ? { inReplyTo } : {}),
    ...(references.length ? { references } : {}),
    text: message.body_text,
    ...(message.body_html ? { html: message.body_html } : {}),
    headers: { 'X-Tandem-Ticket': String(ticket.number) },
  });
  const raw = await composer.compile().build();
  return { from: config.TANDEM_MAIL_FROM, to: delivery.recipient, subject, messageId, inReplyTo, raw };
}

let relay: { url: string; transport: Transporter } | undefined;
function relayTransport(url: string) {
  if (relay?.url !== url) {
    relay?.transport.close();
    relay = { url, transport: nodemailer.createTransport(url) };
  }
  return relay.transport;
}

/** Sends due agent replies to the relay, or into the capture table when no relay is configured. */
export const emailSender: DeliverySender = {
  name: 'email-sender',
  async sendDue({ database, config }) {
    const { db } = database;
    const claimed = await withSystem(db, (tx) => repo.claimDue(tx, BATCH, LEASE_SECONDS));
    for (const delivery of claimed) {
      let error: string | null = null;
      try {
        const mail = await withSystem(db, (tx) => render(tx, delivery, config));
        if (!mail) {
          error = 'the message no longer exists';
        } else if (config.TANDEM_SMTP_RELAY_URL) {
          await relayTransport(config.TANDEM_SMTP_RELAY_URL).sendMail({
            envelope: { from: addressOf(mail.from), to: [mail.to] },
            raw: mail.raw,
          });
        } else {
          await withSystem(db, (tx) =>
            repo.insertCapture(tx, {
              organization_id: delivery.organization_id,
              message_id: delivery.message_id,
              ticket_id: delivery.ticket_id,
              mail_from: mail.from,
              mail_to: mail.to,
              subject: mail.subject,
              message_id_header: mail.messageId,
              in_reply_to: mail.inReplyTo,
              raw: mail.raw.toString('utf8'),
            }),
          );
        }
      } catch (err) {
        error = (err instanceof Error ? err.message : String(err)).slice(0, 1000);
      }
      const exhausted = delivery.attempts >= config.TANDEM_DELIVERY_MAX_ATTEMPTS;
      const status = error === null ? 'sent' : exhausted ? 'failed' : 'pending';
      await withSystem(db, async (tx) => {
        await repo.recordAttempt(tx, delivery.message_id, {
          status,
          error,
          retryInMs:
            status === 'pending' ? retryDelayMs(delivery.attempts, config.TANDEM_DELIVERY_BACKOFF_MS) : null,
        });
        await recordMessageDelivery(tx, delivery.message_id, { status, error });
      });
    }
    return claimed.length;
  },
};

/**
 * Sends one rendered mail that is not an agent reply (a survey, a business review pack) the same
 * way replies go: to the relay, or into the development capture when no relay is configured.
 */
export async function sendOtherMail(
  tx: Tx,
  config: Config,
  mail: { from: string; to: string; subject: string; messageId: string; raw: Buffer },
  capture: { organizationId: string; ticketId: string | null; surveyId: string | null },
) {
  if (config.TANDEM_SMTP_RELAY_URL) {
    await relayTransport(config.TANDEM_SMTP_RELAY_URL).sendMail({
      envelope: { from: addressOf(mail.from), to: [mail.to] },
      raw: mail.raw,
    });
    return;
  }
  await repo.insertCapture(tx, {
    organization_id: capture.organizationId,
    message_id: null,
    ticket_id: capture.ticketId,
    survey_id: capture.surveyId,
    mail_from: mail.from,
    mail_to: mail.to,
    subject: mail.subject,
    message_id_header: mail.messageId,
    in_reply_to: null,
    raw: mail.raw.toString('utf8'),
  });
}

/** Closes the relay connection pool (at shutdown). */
export function closeRelay() {
  relay?.transport.close();
  relay = undefined;
}
