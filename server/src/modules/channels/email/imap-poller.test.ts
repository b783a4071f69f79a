import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasDovecot, startDovecot, type TestImapServer } from '../../../../test/dovecot.js';
import { call, startTestApp, type TestContext } from '../../../../test/harness.js';
import { count, intakeLog, messageId, storedMessage } from '../../../../test/mail.js';
import { createLogger } from '../../../platform/logging.js';
import { type ImapPoller, startImapPoller } from './imap-poller.js';

/**
 * IMAP polling against a real IMAP server: a private Dovecot with a Maildir in a temp dir. Mail is
 * put into the mailbox with IMAP APPEND; the poller takes it in through the same intake as SMTP and
 * keeps its checkpoint in the database, so a new poller on the same database continues where the
 * last one stopped.
 */

const logger = createLogger({ TANDEM_LOG_LEVEL: 'silent' });
const SUPPORT = 'mailbox@brand.test';
let t: TestContext;
let imap: TestImapServer;
let dataDir: string;
const pollers: ImapPoller[] = [];

function poller(folder = 'INBOX') {
  const p = startImapPoller({
    database: t.database,
    config: { ...t.config, TANDEM_IMAP_URL: imap.url(folder), TANDEM_IMAP_ADDRESS: SUPPORT },
    logger,
    intervalMs: 0,
  });
  pollers.push(p);
  return p;
}

interface Mail {
  id: string;
  from?: string;
  subject?: string;
  text?: string;
  inReplyTo?: string;
  headers?: string[];
}

function raw(m: Mail) {
  return [
    `Return-Path: <${m.from ?? 'customer@customer.test'}>`,
    `From: Customer <${m.from ?? 'customer@customer.test'}>`,
    `To: ${SUPPORT}`,
    `Subject: ${m.subject ?? 'Help'}`,
    `Message-ID: ${m.id}`,
    'Date: Mon, 23 Nov 2026 12:00:00 +0000',
    ...(m.inReplyTo ? [`In-Reply-To: ${m.inReplyTo}`, `References: ${m.inReplyTo}`] : []),
    ...(m.headers ?? []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    m.text ?? 'Hello from the mailbox.',
    '',
  ].join('\r\n');
}

async function append(folder: string, ...mails: Mail[]) {
  const client = await imap.client();
  try {
    for (const m of mails) await client.append(folder, raw(m));
  } finally {
    await client.logout();
  }
}

async function flagsIn(folder: string) {
  const client = await imap.client();
  try {
    const lock = await client.getMailboxLock(folder, { readOnly: true });
    try {
      const flags: string[][] = [];
      // \Recent belongs to the session, not the message; every other flag is stored on the server.
      for await (const m of client.fetch('1:*', { flags: true })) {
        flags.push([...(m.flags ?? [])].filter((f) => f !== '\\Recent'));
      }
      return flags;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}

const tickets = () =>
  count(t, `select 1 from tickets t join email_intake i on i.ticket_id = t.id group by t.id`);

describe.skipIf(!hasDovecot)('IMAP polling (real Dovecot)', () => {
  beforeAll(async () => {
    imap = await startDovecot();
    dataDir = mkdtempSync(join(tmpdir(), 'tandem-imap-'));
    t = await startTestApp({ TANDEM_DATA_DIR: dataDir });
    const admin = await t.make.user('brand_admin');
    const created = await call(t.app, 'POST', '/api/v1/support-addresses', {
      token: admin.token,
      body: { address: SUPPORT, name: 'Mailbox', queue: 'mailbox', language: 'en' },
    });
    expect(created.status).toBe(201);
  });
  afterAll(async () => {
    for (const p of pollers) await p.close();
    await t?.close();
    await imap?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const first = messageId();
  const second = messageId();

  it('turns mail in the mailbox into tickets of the support address, read-only', async () => {
    await append(
      'INBOX',
      { id: first, subject: 'Order missing' },
      { id: second, from: 'other@customer.test' },
    );
    const r = await poller().pollOnce();
    expect(r).toMatchObject({ busy: false, fetched: 2 });
    const [m] = await storedMessage(t, first);
    expect(m).toMatchObject({ subject: 'Order missing', ticket_channel: 'email', queue: 'mailbox' });
    expect(await storedMessage(t, second)).toHaveLength(1);
    // Nothing was marked seen, flagged or deleted on the server, and both mails are still there.
    expect(await flagsIn('INBOX')).toEqual([[], []]);
  });

  it('fetches nothing on a second poll', async () => {
    expect(await pollers[0]!.pollOnce()).toMatchObject({ fetched: 0 });
    expect(await intakeLog(t, first)).toHaveLength(1);
  });

  it('threads a reply into its ticket', async () => {
    const reply = messageId();
    await append('INBOX', { id: reply, subject: 'Re: Order missing', inReplyTo: first, text: 'Any news?' });
    expect(await pollers[0]!.pollOnce()).toMatchObject({ fetched: 1 });
    const [original] = await storedMessage(t, first);
    const [answer] = await storedMessage(t, reply);
    expect(answer.ticket_id).toBe(original.ticket_id);
    expect((await intakeLog(t, reply))[0]).toMatchObject({ outcome: 'reply' });
  });

  it('opens no ticket for an auto-reply', async () => {
    const auto = messageId();
    const before = await tickets();
    await append('INBOX', { id: auto, subject: 'Out of office', headers: ['Auto-Submitted: auto-replied'] });
    expect(await pollers[0]!.pollOnce()).toMatchObject({ fetched: 1 });
    expect((await intakeLog(t, auto))[0]).toMatchObject({ outcome: 'ignored', ticket_id: null });
    expect(await storedMessage(t, auto)).toHaveLength(0);
    expect(await tickets()).toBe(before);
  });

  it('after a restart (a new poller on the same database) fetches nothing twice, and new mail once', async () => {
    await pollers[0]!.close();
    const restarted = poller();
    expect(await restarted.pollOnce()).toMatchObject({ fetched: 0 });
    const later = messageId();
    await append('INBOX', { id: later, subject: 'After the restart' });
    expect(await restarted.pollOnce()).toMatchObject({ fetched: 1 });
    expect(await storedMessage(t, later)).toHaveLength(1);
    expect(
      await count(t, 'select 1 from email_intake where message_id_header = any($1)', [[first, second]]),
    ).toBe(2);
  });

  it('reads the mailbox again after a UIDVALIDITY change, storing each Message-ID once', async () => {
    const folder = `Support${randomUUID().slice(0, 6)}`;
    const a = messageId();
    const b = messageId();
    const client = await imap.client();
    await client.mailboxCreate(folder);
    await client.logout();
    await append(folder, { id: a, subject: 'Folder mail A' }, { id: b, subject: 'Folder mail B' });
    const before = await poller(folder).pollOnce();
    expect(before.fetched).toBe(2);

    // Recreating the folder gives it a new UIDVALIDITY; the same mails come back under new UIDs.
    await new Promise((r) => setTimeout(r, 1100));
    const again = await imap.client();
    await again.mailboxDelete(folder);
    await again.mailboxCreate(folder);
    await again.logout();
    const c = messageId();
    await append(folder, { id: a, subject: 'Folder mail A' }, { id: b, subject: 'Folder mail B' }, { id: c });
    const ticketsBefore = await tickets();

    const after = await poller(folder).pollOnce();
    expect(after.uidValidity).not.toBe(before.uidValidity);
    expect(after.fetched).toBe(3);
    expect(await storedMessage(t, a)).toHaveLength(1);
    expect(await storedMessage(t, b)).toHaveLength(1);
    expect(await storedMessage(t, c)).toHaveLength(1);
    expect((await intakeLog(t, a)).map((r) => r.outcome)).toEqual(['ticket', 'duplicate']);
    expect(await tickets()).toBe(ticketsBefore + 1);
  });

  it('lets one process poll a mailbox at a time (advisory lock; external PostgreSQL only)', async (ctx) => {
    if (t.database.embedded) ctx.skip();
    const late = messageId();
    await append('INBOX', { id: late, subject: 'Raced' });
    const results = await Promise.all([poller().pollOnce(), poller().pollOnce()]);
    expect(results.reduce((n, r) => n + r.fetched, 0)).toBe(1);
    expect(await intakeLog(t, late)).toHaveLength(1);

    // While another session holds the mailbox's lock, a poll does nothing and says so.
    const other = await t.database.pool.connect();
    const key = `imap:imap://${imap.user}@127.0.0.1:${imap.port}/INBOX`;
    try {
      await other.query('select pg_advisory_lock(hashtextextended($1, 0))', [key]);
      await append('INBOX', { id: messageId(), subject: 'Held back' });
      expect(await poller().pollOnce()).toMatchObject({ busy: true, fetched: 0 });
      await other.query('select pg_advisory_unlock(hashtextextended($1, 0))', [key]);
    } finally {
      other.release();
    }
    expect(await poller().pollOnce()).toMatchObject({ busy: false, fetched: 1 });
  });
});

if (!hasDovecot) {
  it.skip('IMAP polling: no Dovecot at /usr/sbin/dovecot (apt-get install dovecot-imapd)', () => {});
}
