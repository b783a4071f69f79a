import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';
import type { TestContext } from './harness.js';

/** Test helpers for email in: a real SMTP client (nodemailer) and lookups of what a mail became. */

export interface SmtpFailure {
  responseCode?: number;
  response?: string;
  rejectedErrors?: Array<{ responseCode?: number; response?: string }>;
}

/** Sends one mail over a fresh SMTP connection; resolves with nodemailer's info or rejects with the SMTP error. */
export async function sendMail(port: number, message: Mail.Options) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    return await transport.sendMail(message);
  } finally {
    transport.close();
  }
}

/** The SMTP reply code and text of a refused send. */
export async function refusal(send: Promise<unknown>): Promise<{ code: number | undefined; text: string }> {
  try {
    await send;
  } catch (err) {
    const e = err as SmtpFailure;
    const first = e.rejectedErrors?.[0];
    return { code: first?.responseCode ?? e.responseCode, text: first?.response ?? e.response ?? '' };
  }
  throw new Error('the mail was accepted');
}

export const messageId = () => `<${randomUUID()}@customer.test>`;

/** What the database holds for a Message-ID: the message and its ticket, read as the owner. */
export async function storedMessage(t: TestContext, id: string) {
  const { rows } = await t.database.pool.query(
    `select m.*, t.number, t.subject, t.status, t.channel as ticket_channel, t.customer_id, t.vendor_id,
            t.queue, t.language
       from messages m join tickets t on t.id = m.ticket_id
      where m.external_id = $1`,
    [`email:${id}`],
  );
  return rows;
}

export async function intakeLog(t: TestContext, id: string) {
  const { rows } = await t.database.pool.query(
    'select * from email_intake where message_id_header = $1 order by id',
    [id],
  );
  return rows;
}

export async function count(t: TestContext, sql: string, params: unknown[] = []) {
  const { rows } = await t.database.pool.query(`select count(*)::int as n from (${sql}) q`, params);
  return rows[0].n as number;
}
