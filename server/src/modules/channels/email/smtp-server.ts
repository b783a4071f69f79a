import type { AddressInfo } from 'node:net';
import {
  SMTPServer,
  type SMTPServerAddress,
  type SMTPServerDataStream,
  type SMTPServerSession,
} from 'smtp-server';
import type { Config } from '../../../platform/config.js';
import type { Database } from '../../../platform/db/database.js';
import type { Logger } from '../../../platform/logging.js';
import { type AttachmentStore, attachmentStore } from '../../../platform/storage/attachment-store.js';
import { findRecipient, type Recipient, receiveEmail, recentMailsFrom, UnreadableMail } from './intake.js';

/**
 * The inbound SMTP server (smtp-server). Recipients are checked at RCPT time against the active
 * support addresses of every brand; DATA is parsed and committed before the 250, so a mail is never
 * acknowledged and then lost. Replies follow RFC 5321/3463: 4xx makes the sending server retry later,
 * 5xx bounces the mail back to its sender.
 */

export interface EmailIntake {
  port: number;
  close(): Promise<void>;
}

function smtpError(code: number, message: string) {
  return Object.assign(new Error(message), { responseCode: code });
}

const ERROR_CODES = new Set([450, 451, 452, 550, 552, 554]);

export async function startEmailIntake(deps: {
  database: Database;
  config: Config;
  logger: Logger;
  /** Defaults to the configured attachment store. */
  store?: AttachmentStore;
}): Promise<EmailIntake> {
  const { config, logger } = deps;
  const { db } = deps.database;
  const intake = { db, config, store: deps.store ?? attachmentStore(config) };
  const limit = config.TANDEM_EMAIL_SENDER_LIMIT;
  const log = logger.child({ module: 'email-in' });
  // What each accepted RCPT resolved to, so DATA needs no second lookup.
  const resolved = new WeakMap<SMTPServerAddress, Recipient>();

  const server = new SMTPServer({
    name: new URL(config.publicUrl).hostname,
    banner: 'Tandem inbound mail',
    size: config.TANDEM_EMAIL_MAX_BYTES,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onMailFrom(address, _session, callback) {
      if (!address.address) return callback();
      recentMailsFrom(db, address.address).then(
        (n) =>
          callback(
            n >= limit
              ? smtpError(450, `4.7.1 Too many messages from ${address.address}; try again later`)
              : null,
          ),
        (err: unknown) => {
          log.error({ err }, 'sender rate check failed');
          callback(smtpError(451, '4.3.0 Temporary failure; try again later'));
        },
      );
    },
    onRcptTo(address, _session, callback) {
      findRecipient(db, address.address).then(
        (recipient) => {
          if (recipient) resolved.set(address, recipient);
          callback(
            recipient ? null : smtpError(550, `5.1.1 <${address.address}>: not a support address here`),
          );
        },
        (err: unknown) => {
          log.error({ err }, 'recipient lookup failed');
          callback(smtpError(451, '4.3.0 Temporary failure; try again later'));
        },
      );
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      let received = 0;
      stream.on('data', (chunk: Buffer) => {
        // A client that ignores SIZE keeps sending; count it, but keep nothing past the limit.
        received += chunk.length;
        if (received <= config.TANDEM_EMAIL_MAX_BYTES) chunks.push(chunk);
      });
      stream.on('end', () => {
        if (stream.sizeExceeded || received > config.TANDEM_EMAIL_MAX_BYTES) {
          callback(
            smtpError(552, `5.3.4 Message too big: the limit is ${config.TANDEM_EMAIL_MAX_BYTES} bytes`),
          );
          return;
        }
        deliver(Buffer.concat(chunks), session).then(
          () => callback(),
          (err: unknown) => {
            const code = (err as { responseCode?: number }).responseCode;
            if (code && ERROR_CODES.has(code)) return callback(err as Error);
            if (err instanceof UnreadableMail) {
              log.warn({ err }, 'inbound mail refused');
              return callback(smtpError(554, '5.6.0 The message could not be parsed as MIME'));
            }
            log.error({ err }, 'inbound mail not stored; the sender will retry');
            callback(smtpError(451, '4.3.0 The message could not be stored; try again later'));
          },
        );
      });
    },
  });

  async function deliver(raw: Buffer, session: SMTPServerSession) {
    const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
    const recipients: Recipient[] = [];
    for (const rcpt of session.envelope.rcptTo) {
      const r = resolved.get(rcpt) ?? (await findRecipient(db, rcpt.address));
      if (r) recipients.push(r);
    }
    if (!recipients.length) throw smtpError(451, '4.3.0 The support address went away; try again later');
    const results = await receiveEmail(intake, raw, { mailFrom, recipients });
    for (const r of results) log.info({ ...r, sender: mailFrom }, 'inbound mail');
  }

  server.on('error', (err) => log.error({ err }, 'smtp server error'));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(config.TANDEM_SMTP_PORT, config.TANDEM_SMTP_HOST, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
