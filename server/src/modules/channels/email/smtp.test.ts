import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../../test/harness.js';
import { count, intakeLog, messageId, refusal, sendMail, storedMessage } from '../../../../test/mail.js';
import { createLogger } from '../../../platform/logging.js';
import type { AttachmentStore } from '../../../platform/storage/attachment-store.js';
import { type EmailIntake, startEmailIntake } from './smtp-server.js';

/**
 * Email in, end to end: nodemailer speaks SMTP to the real server, which commits to the real database
 * before answering; the results are read back over the HTTP API and from the tables.
 */

let t: TestContext;
let smtp: EmailIntake;
let admin: TestUser;
let dataDir: string;
const logger = createLogger({ TANDEM_LOG_LEVEL: 'silent' });
const SUPPORT = 'help@brand.test';

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'tandem-email-'));
  t = await startTestApp({
    TANDEM_DATA_DIR: dataDir,
    TANDEM_SMTP_PORT: '0',
    TANDEM_SMTP_HOST: '127.0.0.1',
    TANDEM_EMAIL_MAX_BYTES: '400000',
    TANDEM_ATTACHMENT_MAX_BYTES: '50000',
    TANDEM_MESSAGE_ATTACHMENTS_MAX_BYTES: '80000',
    TANDEM_EMAIL_SENDER_LIMIT: '1000',
  });
  smtp = await startEmailIntake({ database: t.database, config: t.config, logger });
  admin = await t.make.user('brand_admin');
  const created = await call(t.app, 'POST', '/api/v1/support-addresses', {
    token: admin.token,
    body: { address: 'Help@Brand.test', name: 'Help', queue: 'general', language: 'en' },
  });
  expect(created.status).toBe(201);
});
afterAll(async () => {
  await smtp?.close();
  await t?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const customer = () => `customer.${randomUUID().slice(0, 8)}@customer.test`;

describe('inbound SMTP', () => {
  it('refuses a recipient that is not an active support address at RCPT time with 550', async () => {
    const r = await refusal(
      sendMail(smtp.port, { from: customer(), to: 'nobody@brand.test', subject: 'Hi', text: 'Hello' }),
    );
    expect(r.code).toBe(550);
    expect(r.text).toMatch(/not a support address/);
  });

  it('turns a plain-text mail into an email ticket of the address’s brand, with the sender as customer', async () => {
    const id = messageId();
    const from = customer();
    const info = await sendMail(smtp.port, {
      from: { name: 'Maria Santos', address: from },
      to: SUPPORT,
      subject: 'My order never arrived',
      text: 'Hello, order 123 has not arrived.\n\nMaria',
      messageId: id,
    });
    expect(info.response).toMatch(/^250/);
    const [message] = await storedMessage(t, id);
    expect(message).toMatchObject({
      subject: 'My order never arrived',
      ticket_channel: 'email',
      channel: 'email',
      author_kind: 'customer',
      queue: 'general',
      language: 'en',
      status: 'new',
    });
    expect(message.body_text).toContain('order 123 has not arrived');
    const ticket = await call(t.app, 'GET', `/api/v1/tickets/${message.ticket_id}`, { token: admin.token });
    expect(ticket.body.customer.display_name).toBe('Maria Santos');
    expect(ticket.body.customer.identities).toEqual([
      expect.objectContaining({ kind: 'email', value: from }),
    ]);
    const events = await t.database.pool.query(
      'select type from domain_events where subject_id in ($1, $2) order by id',
      [message.ticket_id, message.id],
    );
    expect(events.rows.map((r) => r.type)).toEqual(['ticket.created', 'message.created']);
    const history = await call(t.app, 'GET', `/api/v1/tickets/${message.ticket_id}/events`, {
      token: admin.token,
    });
    expect(history.body.items[0]).toMatchObject({ field: 'created', actor_kind: 'customer' });
    const [log] = await intakeLog(t, id);
    expect(log).toMatchObject({ outcome: 'ticket', recipient: SUPPORT, ticket_id: message.ticket_id });
  });

  it('keeps only the new text of a reply while the original .eml stays in the store', async () => {
    const id = messageId();
    await sendMail(smtp.port, {
      from: customer(),
      to: SUPPORT,
      subject: 'Still broken',
      text: 'It is still broken.\n\nOn Mon, Nov 2, 2026 at 10:00 AM Support <help@brand.test> wrote:\n> Please restart the router.\n> Thanks',
      messageId: id,
    });
    const [message] = await storedMessage(t, id);
    expect(message.body_text).toBe('It is still broken.');
    const [log] = await intakeLog(t, id);
    const original = readFileSync(join(dataDir, 'attachments', log.raw_key.slice(0, 2), log.raw_key), 'utf8');
    expect(original).toContain('Please restart the router.');
    expect(original).toContain(`Message-ID: ${id}`);
  });

  it('sanitises an HTML-only mail and derives its text', async () => {
    const id = messageId();
    await sendMail(smtp.port, {
      from: customer(),
      to: SUPPORT,
      subject: 'HTML only',
      html: '<p>Hello <b>team</b></p><script>alert(1)</script><img src=x onerror="alert(2)">',
      messageId: id,
    });
    const [message] = await storedMessage(t, id);
    expect(message.body_html).toContain('<b>team</b>');
    expect(message.body_html).not.toMatch(/script|onerror/);
    expect(message.body_text).toContain('Hello team');
  });

  it('decodes ISO-8859-1 and Windows-1251 mail', async () => {
    const latin = messageId();
    const latinBody = Buffer.from('Grüße aus München, Señor Ñoño!', 'latin1');
    await sendMail(smtp.port, {
      envelope: { from: customer(), to: SUPPORT },
      raw: Buffer.concat([
        Buffer.from(
          `From: kunde@customer.test\r\nTo: ${SUPPORT}\r\nSubject: =?ISO-8859-1?Q?Gr=FC=DFe?=\r\nMessage-ID: ${latin}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=ISO-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`,
        ),
        latinBody,
        Buffer.from('\r\n'),
      ]),
    });
    const [l] = await storedMessage(t, latin);
    expect(l.subject).toBe('Grüße');
    expect(l.body_text).toBe('Grüße aus München, Señor Ñoño!');

    // Windows-1251 puts А…я at 0xC0…0xFF.
    const cp1251 = (s: string) =>
      Buffer.from([...s].map((c) => (c === ' ' ? 0x20 : c.charCodeAt(0) - 0x410 + 0xc0)));
    const cyrillic = messageId();
    await sendMail(smtp.port, {
      envelope: { from: customer(), to: SUPPORT },
      raw: `From: klient@customer.test\r\nTo: ${SUPPORT}\r\nSubject: =?windows-1251?B?${cp1251('Заказ').toString('base64')}?=\r\nMessage-ID: ${cyrillic}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=windows-1251\r\nContent-Transfer-Encoding: base64\r\n\r\n${cp1251('Здравствуйте где мой заказ').toString('base64')}\r\n`,
    });
    const [c] = await storedMessage(t, cyrillic);
    expect(c.subject).toBe('Заказ');
    expect(c.body_text).toBe('Здравствуйте где мой заказ');
  });

  it('stores attachments within the limits, notes the dropped ones, and serves them over HTTP safely', async () => {
    const id = messageId();
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    );
    const html = Buffer.from('<html><script>alert(document.cookie)</script></html>');
    await sendMail(smtp.port, {
      from: customer(),
      to: SUPPORT,
      subject: 'Screenshots',
      text: 'See attached.',
      messageId: id,
      attachments: [
        { filename: 'screen shot "1".png', content: png, contentType: 'image/png' },
        { filename: 'evil.png', content: html, contentType: 'image/png' },
        { filename: 'löss.bin', content: Buffer.alloc(40_000, 7), contentType: 'application/octet-stream' },
        { filename: 'second.bin', content: Buffer.alloc(40_000, 8), contentType: 'application/octet-stream' },
        { filename: 'huge.zip', content: Buffer.alloc(60_000, 9), contentType: 'application/zip' },
      ],
    });
    const [message] = await storedMessage(t, id);
    expect(message.attachments.map((a: { name: string }) => a.name)).toEqual([
      'screen shot "1".png',
      'evil.png',
      'löss.bin',
    ]);
    expect(message.body_text).toContain('See attached.');
    expect(message.body_text).toMatch(
      /"second\.bin" \(39 KB\) was not stored: over the 78 KB limit per message/,
    );
    expect(message.body_text).toMatch(
      /"huge\.zip" \(59 KB\) was not stored: larger than the 49 KB per-file limit/,
    );

    const [image, evil, binary] = message.attachments;
    const got = await call(t.app, 'GET', `/api/v1/attachments/${image.id}`, { token: admin.token });
    expect(got.status).toBe(200);
    expect(got.response.rawPayload.equals(png)).toBe(true);
    expect(got.response.headers['content-type']).toBe('image/png');
    expect(got.response.headers['x-content-type-options']).toBe('nosniff');
    expect(got.response.headers['content-disposition']).toBe(
      `attachment; filename="screen shot _1_.png"; filename*=UTF-8''screen%20shot%20%221%22.png`,
    );
    // Declared image/png but HTML inside: never served as an image, nor as HTML.
    const spoof = await call(t.app, 'GET', `/api/v1/attachments/${evil.id}`, { token: admin.token });
    expect(spoof.response.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(spoof.response.rawPayload.equals(html)).toBe(true);
    const bin = await call(t.app, 'GET', `/api/v1/attachments/${binary.id}`, { token: admin.token });
    expect(bin.response.headers['content-type']).toBe('application/octet-stream');
    expect(bin.response.headers['content-disposition']).toContain(`filename*=UTF-8''l%C3%B6ss.bin`);
    expect(bin.response.headers['content-disposition']).toContain('filename="l_ss.bin"');
    const rows = await t.database.pool.query(
      'select filename, declared_content_type, sniffed_content_type, size from attachments where message_id = $1 order by filename',
      [message.id],
    );
    expect(rows.rows).toEqual([
      {
        filename: 'evil.png',
        declared_content_type: 'image/png',
        sniffed_content_type: 'text/plain',
        size: html.length,
      },
      {
        filename: 'löss.bin',
        declared_content_type: 'application/octet-stream',
        sniffed_content_type: null,
        size: 40_000,
      },
      {
        filename: 'screen shot "1".png',
        declared_content_type: 'image/png',
        sniffed_content_type: 'image/png',
        size: png.length,
      },
    ]);
  });

  it('serves an attachment only to users who may see its ticket', async () => {
    const a = await t.make.vendor();
    const b = await t.make.vendor();
    const address = `vendor-a-${randomUUID().slice(0, 6)}@brand.test`;
    await call(t.app, 'POST', '/api/v1/support-addresses', {
      token: admin.token,
      body: { address, vendor_id: a.id },
    });
    const id = messageId();
    await sendMail(smtp.port, {
      from: customer(),
      to: address,
      subject: 'Invoice',
      text: 'Attached',
      messageId: id,
      attachments: [{ filename: 'invoice.txt', content: 'total 12 EUR' }],
    });
    const [message] = await storedMessage(t, id);
    expect(message.vendor_id).toBe(a.id);
    const url = `/api/v1/attachments/${message.attachments[0].id}`;
    const agentA = await t.make.user('agent', a.id);
    const agentB = await t.make.user('agent', b.id);
    expect((await call(t.app, 'GET', url, { token: agentA.token })).status).toBe(200);
    expect((await call(t.app, 'GET', url, { token: agentB.token })).status).toBe(404);
    expect((await call(t.app, 'GET', url)).status).toBe(401);
    expect(
      (await call(t.app, 'GET', `/api/v1/attachments/${randomUUID()}`, { token: admin.token })).status,
    ).toBe(404);
  });
});

describe('threading', () => {
  it('joins a reply by In-Reply-To and reopens a solved ticket, with history', async () => {
    const from = customer();
    const first = messageId();
    await sendMail(smtp.port, {
      from,
      to: SUPPORT,
      subject: 'Refund',
      text: 'I want a refund',
      messageId: first,
    });
    const [m1] = await storedMessage(t, first);
    const solved = await call(t.app, 'PATCH', `/api/v1/tickets/${m1.ticket_id}`, {
      token: admin.token,
      body: { status: 'solved' },
    });
    expect(solved.status).toBe(200);
    const second = messageId();
    await sendMail(smtp.port, {
      from,
      to: SUPPORT,
      subject: 'Re: Refund',
      text: 'Not yet received',
      messageId: second,
      inReplyTo: first,
    });
    const [m2] = await storedMessage(t, second);
    expect(m2.ticket_id).toBe(m1.ticket_id);
    expect(m2.status).toBe('open');
    const history = await call(t.app, 'GET', `/api/v1/tickets/${m1.ticket_id}/events`, {
      token: admin.token,
    });
    expect(history.body.items.at(-1)).toMatchObject({
      field: 'status',
      before: 'solved',
      after: 'open',
      actor_kind: 'customer',
    });
    const ticket = await call(t.app, 'GET', `/api/v1/tickets/${m1.ticket_id}`, { token: admin.token });
    expect(ticket.body.solved_at).toBeNull();
  });

  it('joins a reply by References naming one of our own outgoing Message-IDs', async () => {
    const first = messageId();
    await sendMail(smtp.port, {
      from: customer(),
      to: SUPPORT,
      subject: 'Login',
      text: 'Cannot log in',
      messageId: first,
    });
    const [m1] = await storedMessage(t, first);
    const ours = `<tandem.${m1.ticket_id}.${randomUUID()}@brand.test>`;
    const reply = messageId();
    await sendMail(smtp.port, {
      from: customer(),
      to: SUPPORT,
      subject: 'Re: Login',
      text: 'Thanks, works now',
      messageId: reply,
      references: [`<unknown-${randomUUID()}@elsewhere.test>`, ours],
    });
    const [m2] = await storedMessage(t, reply);
    expect(m2.ticket_id).toBe(m1.ticket_id);
  });

  it('joins by [#number] in the subject only from that ticket’s customer', async () => {
    const from = customer();
    const first = messageId();
    await sendMail(smtp.port, {
      from,
      to: SUPPORT,
      subject: 'Damaged parcel',
      text: 'Box was crushed',
      messageId: first,
    });
    const [m1] = await storedMessage(t, first);
    const same = messageId();
    await sendMail(smtp.port, {
      from,
      to: SUPPORT,
      subject: `Photos [#${m1.number}]`,
      text: 'Here are photos',
      messageId: same,
    });
    expect((await storedMessage(t, same))[0].ticket_id).toBe(m1.ticket_id);
    const stranger = messageId();
    await sendMail(smtp.port, {
      from: customer(),
      to: SUPPORT,
      subject: `About [#${m1.number}]`,
      text: 'Someone else',
      messageId: stranger,
    });
    expect((await storedMessage(t, stranger))[0].ticket_id).not.toBe(m1.ticket_id);
  });

  it('opens a new ticket for a reply to a closed ticket', async () => {
    const from = customer();
    const first = messageId();
    await sendMail(smtp.port, { from, to: SUPPORT, subject: 'Old issue', text: 'Problem', messageId: first });
    const [m1] = await storedMessage(t, first);
    await call(t.app, 'PATCH', `/api/v1/tickets/${m1.ticket_id}`, {
      token: admin.token,
      body: { status: 'closed' },
    });
    const reply = messageId();
    await sendMail(smtp.port, {
      from,
      to: SUPPORT,
      subject: 'Re: Old issue',
      text: 'Again',
      messageId: reply,
      inReplyTo: first,
    });
    const [m2] = await storedMessage(t, reply);
    expect(m2.ticket_id).not.toBe(m1.ticket_id);
    expect(m2.status).toBe('new');
    expect((await intakeLog(t, reply))[0].reason).toMatch(/is closed/);
  });
});

describe('noise and protection', () => {
  it('accepts auto-replies, bulk mail and bounces without opening tickets, and logs them', async () => {
    const auto = messageId();
    await sendMail(smtp.port, {
      from: customer(),
      to: SUPPORT,
      subject: 'Out of office',
      text: 'I am away',
      messageId: auto,
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    const bulk = messageId();
    await sendMail(smtp.port, {
      from: customer(),
      to: SUPPORT,
      subject: 'Newsletter',
      text: 'Deals',
      messageId: bulk,
      headers: { Precedence: 'bulk' },
    });
    const dsn = messageId();
    const info = await sendMail(smtp.port, {
      envelope: { from: '', to: SUPPORT },
      raw: [
        'From: Mail Delivery System <MAILER-DAEMON@mx.customer.test>',
        `To: ${SUPPORT}`,
        'Subject: Undelivered Mail Returned to Sender',
        `Message-ID: ${dsn}`,
        'MIME-Version: 1.0',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/plain',
        '',
        'Your message could not be delivered.',
        '--b1',
        'Content-Type: message/delivery-status',
        '',
        'Reporting-MTA: dns; mx.customer.test',
        '',
        'Final-Recipient: rfc822; gone@customer.test',
        'Action: failed',
        'Status: 5.1.1',
        '--b1--',
        '',
      ].join('\r\n'),
    });
    expect(info.response).toMatch(/^250/);
    for (const [id, reason] of [
      [auto, 'auto-submitted: auto-replied'],
      [bulk, 'precedence: bulk'],
      [dsn, 'delivery status notification'],
    ] as const) {
      expect(await storedMessage(t, id)).toEqual([]);
      expect(await intakeLog(t, id)).toEqual([expect.objectContaining({ outcome: 'ignored', reason })]);
    }
  });

  it('treats Auto-Submitted: no as a person’s mail', async () => {
    const id = messageId();
    await sendMail(smtp.port, {
      from: customer(),
      to: SUPPORT,
      subject: 'Hello',
      text: 'Real person',
      messageId: id,
      headers: { 'Auto-Submitted': 'no' },
    });
    expect(await storedMessage(t, id)).toHaveLength(1);
  });

  it('refuses mail over the size limit with 552 and says so', async () => {
    const r = await refusal(
      sendMail(smtp.port, {
        from: customer(),
        to: SUPPORT,
        subject: 'Big',
        text: 'x'.repeat(500_000),
      }),
    );
    expect(r.code).toBe(552);
    expect(r.text).toMatch(/size|too big/i);
  });

  it('refuses with 552 after DATA when a client ignores the advertised SIZE', async () => {
    const socket = connect(smtp.port, '127.0.0.1');
    let buffer = '';
    socket.on('data', (d) => {
      buffer += d.toString();
    });
    const reply = async (code: string) => {
      for (let i = 0; i < 200 && !new RegExp(`^${code}[ ]`, 'm').test(buffer); i++) {
        await new Promise((r) => setTimeout(r, 25));
      }
      const line = buffer.split('\r\n').find((l) => l.startsWith(`${code} `));
      buffer = '';
      return line;
    };
    try {
      expect(await reply('220')).toBeDefined();
      socket.write('EHLO client.test\r\n');
      expect(await reply('250')).toBeDefined();
      socket.write(`MAIL FROM:<${customer()}>\r\n`);
      expect(await reply('250')).toBeDefined();
      socket.write(`RCPT TO:<${SUPPORT}>\r\n`);
      expect(await reply('250')).toBeDefined();
      socket.write('DATA\r\n');
      expect(await reply('354')).toBeDefined();
      socket.write(`Subject: big\r\n\r\n${'y'.repeat(998)}\r\n`.repeat(500));
      socket.write('.\r\n');
      expect(await reply('552')).toMatch(/^552 5\.3\.4 Message too big: the limit is 400000 bytes/);
    } finally {
      socket.destroy();
    }
  });

  it('announces an email ticket’s events on the bus once committed, as for any ticket', async () => {
    const seen: Array<{ type: string; subject_id: string }> = [];
    const unsubscribe = t.bus.subscribe((e) => seen.push(e));
    try {
      const id = messageId();
      await sendMail(smtp.port, {
        from: customer(),
        to: SUPPORT,
        subject: 'Live',
        text: 'Hello',
        messageId: id,
      });
      const [message] = await storedMessage(t, id);
      for (
        let i = 0;
        i < 100 && seen.filter((e) => [message.ticket_id, message.id].includes(e.subject_id)).length < 2;
        i++
      ) {
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(
        seen.filter((e) => [message.ticket_id, message.id].includes(e.subject_id)).map((e) => e.type),
      ).toEqual(['ticket.created', 'message.created']);
    } finally {
      unsubscribe();
    }
  });

  it('stores a redelivered Message-ID once and answers 250 both times', async () => {
    const id = messageId();
    const mail = { from: customer(), to: SUPPORT, subject: 'Twice', text: 'Sent twice', messageId: id };
    expect((await sendMail(smtp.port, mail)).response).toMatch(/^250/);
    expect((await sendMail(smtp.port, mail)).response).toMatch(/^250/);
    expect(await storedMessage(t, id)).toHaveLength(1);
    expect((await intakeLog(t, id)).map((l) => l.outcome)).toEqual(['ticket', 'duplicate']);
  });

  it('answers 451 when the mail cannot be committed, writes nothing, and takes the retry', async () => {
    const failing: AttachmentStore = {
      put: () => Promise.reject(new Error('disk full')),
      get: () => Promise.resolve(null),
      delete: () => Promise.resolve(),
    };
    const broken = await startEmailIntake({ database: t.database, config: t.config, logger, store: failing });
    const id = messageId();
    const mail = { from: customer(), to: SUPPORT, subject: 'Retry me', text: 'Please', messageId: id };
    try {
      const r = await refusal(sendMail(broken.port, mail));
      expect(r.code).toBe(451);
      expect(r.text).toMatch(/try again later/);
    } finally {
      await broken.close();
    }
    expect(await storedMessage(t, id)).toEqual([]);
    expect(await intakeLog(t, id)).toEqual([]);
    expect((await sendMail(smtp.port, mail)).response).toMatch(/^250/);
    expect(await storedMessage(t, id)).toHaveLength(1);
  });

  it('survives malformed MIME: stores what it can read or refuses cleanly, and keeps serving', async () => {
    const id = messageId();
    const raw = [
      `From: broken@customer.test`,
      `To: ${SUPPORT}`,
      'Subject: =?utf-8?B?not base64!!?=',
      `Message-ID: ${id}`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="never-closed"',
      '',
      '--never-closed',
      'Content-Type: text/plain; charset=no-such-charset',
      'Content-Transfer-Encoding: base64',
      '',
      '%%%% not base64 at all %%%%',
      '--never-closed',
      'Content-Type: application/octet-stream; name="x.bin"',
      'Content-Disposition: attachment; filename="x.bin',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      '=ZZ=4',
      '',
    ].join('\r\n');
    try {
      const info = await sendMail(smtp.port, {
        envelope: { from: 'broken@customer.test', to: SUPPORT },
        raw,
      });
      expect(info.response).toMatch(/^250/);
      expect(await storedMessage(t, id)).toHaveLength(1);
    } catch (err) {
      expect((err as { responseCode?: number }).responseCode).toBe(554);
    }
    const after = messageId();
    await sendMail(smtp.port, {
      from: customer(),
      to: SUPPORT,
      subject: 'Fine',
      text: 'Still up?',
      messageId: after,
    });
    expect(await storedMessage(t, after)).toHaveLength(1);
  });

  it('rate-limits one sender with 450 after the configured number of mails in 10 minutes', async () => {
    const limited = await startEmailIntake({
      database: t.database,
      config: { ...t.config, TANDEM_EMAIL_SENDER_LIMIT: 2 },
      logger,
    });
    const from = customer();
    try {
      for (let i = 0; i < 2; i++) {
        await sendMail(limited.port, {
          from,
          to: SUPPORT,
          subject: `n${i}`,
          text: 'hi',
          messageId: messageId(),
        });
      }
      const r = await refusal(
        sendMail(limited.port, { from, to: SUPPORT, subject: 'n3', text: 'hi', messageId: messageId() }),
      );
      expect(r.code).toBe(450);
      expect(r.text).toMatch(/Too many messages/);
      // Another sender is not affected.
      await sendMail(limited.port, { from: customer(), to: SUPPORT, subject: 'ok', text: 'hi' });
    } finally {
      await limited.close();
    }
    expect(await count(t, 'select 1 from email_intake where sender = $1', [from])).toBe(2);
  });

  it('refuses mail to an inactive support address', async () => {
    const address = `old-${randomUUID().slice(0, 6)}@brand.test`;
    const created = await call(t.app, 'POST', '/api/v1/support-addresses', {
      token: admin.token,
      body: { address },
    });
    await call(t.app, 'PATCH', `/api/v1/support-addresses/${created.body.id}`, {
      token: admin.token,
      body: { active: false },
    });
    const r = await refusal(sendMail(smtp.port, { from: customer(), to: address, subject: 'x', text: 'y' }));
    expect(r.code).toBe(550);
    expect(existsSync(dataDir)).toBe(true);
  });
});
