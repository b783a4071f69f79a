import { ImapFlow } from 'imapflow';
import pg from 'pg';
import type { Config } from '../../../platform/config.js';
import type { Database } from '../../../platform/db/database.js';
import type { Logger } from '../../../platform/logging.js';
import { type AttachmentStore, attachmentStore } from '../../../platform/storage/attachment-store.js';
import { findRecipient, type Recipient, receiveEmail, UnreadableMail } from './intake.js';
import * as repo from './repository.js';

/**
 * IMAP polling of an existing mailbox (TANDEM_IMAP_URL), for brands that keep their support mailbox at
 * a mail provider instead of pointing MX at Tandem. Each new message goes through the same intake as
 * SMTP (receiveEmail: parsing, noise, threading, Message-ID duplicates). The mailbox is opened
 * read-only (EXAMINE) and fetched with BODY.PEEK[], so nothing on the server is deleted or flagged.
 *
 * A checkpoint per mailbox (imap_checkpoints) holds UIDVALIDITY and the last UID taken in; a poll
 * fetches only UIDs above it. The checkpoint advances right after each message's intake committed.
 * It cannot share the intake's transaction: receiveEmail commits one transaction per brand on its own.
 * A crash between that commit and the checkpoint update fetches the message once more on the next
 * poll, and intake stores it as a duplicate of its Message-ID: harmless, where the opposite order
 * (checkpoint first) could lose a mail.
 */

export interface ImapPoller {
  /** One poll now; resolves when it is done (or at once with busy when another process holds the mailbox). */
  pollOnce(): Promise<PollResult>;
  close(): Promise<void>;
}

export interface PollResult {
  /** Another process is polling this mailbox right now; this one did nothing. */
  busy: boolean;
  /** Messages taken in (including ones the intake logged as ignored or duplicate). */
  fetched: number;
  uidValidity: number | null;
}

interface Mailbox {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  pass: string;
  path: string;
  /** Names the mailbox in imap_checkpoints and the advisory lock; never the password. */
  key: string;
}

export function parseImapUrl(url: string): Mailbox {
  const u = new URL(url);
  const secure = u.protocol === 'imaps:';
  const port = u.port ? Number(u.port) : secure ? 993 : 143;
  const user = decodeURIComponent(u.username);
  const path = decodeURIComponent(u.pathname.replace(/^\//, '')) || 'INBOX';
  return {
    host: u.hostname,
    port,
    secure,
    user,
    pass: decodeURIComponent(u.password),
    path,
    key: `${u.protocol}//${user}@${u.hostname}:${port}/${path}`,
  };
}

/** The Return-Path header of the raw mail (what the SMTP envelope sender was), '' for <>, null if absent. */
function returnPath(raw: Buffer): string | null {
  const end = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, end < 0 ? Math.min(raw.length, 65_536) : end).toString('latin1');
  const match = /^return-path:[ \t]*<?([^>\r\n]*)>?/im.exec(head);
  return match ? (match[1] ?? '').trim() : null;
}

export function startImapPoller(deps: {
  database: Database;
  config: Config;
  logger: Logger;
  /** Defaults to the configured attachment store. */
  store?: AttachmentStore;
  /** Defaults to TANDEM_IMAP_POLL_SECONDS; 0 = no timer, only pollOnce() (tests). */
  intervalMs?: number;
}): ImapPoller {
  const { config, database } = deps;
  if (!config.TANDEM_IMAP_URL || !config.TANDEM_IMAP_ADDRESS) {
    throw new Error('IMAP polling needs TANDEM_IMAP_URL and TANDEM_IMAP_ADDRESS');
  }
  const mailbox = parseImapUrl(config.TANDEM_IMAP_URL);
  const address = config.TANDEM_IMAP_ADDRESS;
  const intake = { db: database.db, config, store: deps.store ?? attachmentStore(config) };
  const log = deps.logger.child({ module: 'email-imap', mailbox: mailbox.key });
  const intervalMs = deps.intervalMs ?? config.TANDEM_IMAP_POLL_SECONDS * 1000;
  let running: Promise<PollResult> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  /**
   * One poller per mailbox across processes: a session advisory lock, tried once per poll on its own
   * connection and held for the poll. Embedded PGlite belongs to one process and its pool has a single
   * connection (a second one holding the lock would starve the intake), so there is nothing to lock.
   */
  async function withMailboxLock(fn: () => Promise<PollResult>): Promise<PollResult> {
    if (database.embedded) return fn();
    const client = new pg.Client({ connectionString: database.connectionString });
    await client.connect();
    try {
      const { rows } = await client.query<{ locked: boolean }>(
        'select pg_try_advisory_lock(hashtextextended($1, 0)) as locked',
        [`imap:${mailbox.key}`],
      );
      if (!rows[0]?.locked) return { busy: true, fetched: 0, uidValidity: null };
      try {
        return await fn();
      } finally {
        await client.query('select pg_advisory_unlock(hashtextextended($1, 0))', [`imap:${mailbox.key}`]);
      }
    } finally {
      await client.end();
    }
  }

  async function poll(): Promise<PollResult> {
    const recipient = await findRecipient(database.db, address);
    if (!recipient) {
      log.warn({ address }, 'TANDEM_IMAP_ADDRESS is not an active support address; mail left in the mailbox');
      return { busy: false, fetched: 0, uidValidity: null };
    }
    const client = new ImapFlow({
      host: mailbox.host,
      port: mailbox.port,
      secure: mailbox.secure,
      auth: { user: mailbox.user, pass: mailbox.pass },
      logger: false,
    });
    client.on('error', (err) => log.warn({ err }, 'imap connection error'));
    await client.connect();
    try {
      const lock = await client.getMailboxLock(mailbox.path, { readOnly: true });
      try {
        const opened = client.mailbox;
        if (!opened) throw new Error(`mailbox ${mailbox.path} did not open`);
        const uidValidity = Number(opened.uidValidity);
        const checkpoint = await repo.findImapCheckpoint(database.db, mailbox.key);
        // Another UIDVALIDITY: the old UIDs mean nothing now. Start over; Message-IDs catch what was seen.
        const fromScratch = !checkpoint || checkpoint.uidvalidity !== uidValidity;
        if (checkpoint && fromScratch) {
          log.warn(
            { was: checkpoint.uidvalidity, now: uidValidity },
            'UIDVALIDITY changed; reading the mailbox again',
          );
        }
        const lastUid = fromScratch ? 0 : (checkpoint?.last_uid ?? 0);
        // "n:*" always matches the newest message even when its UID is below n, hence the filter.
        const found = (await client.search({ uid: `${lastUid + 1}:*` }, { uid: true })) || [];
        const uids = found.filter((uid) => uid > lastUid).sort((a, b) => a - b);
        let fetched = 0;
        for (const uid of uids) {
          if (closed) break;
          const message = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
          // false or no source: expunged since the search; nothing to take in, so move past it.
          const source = message ? message.source : undefined;
          if (source?.length) {
            await takeIn(uid, source, recipient);
            fetched += 1;
          }
          await repo.saveImapCheckpoint(database.db, mailbox.key, uidValidity, uid);
        }
        if (fromScratch && !uids.length)
          await repo.saveImapCheckpoint(database.db, mailbox.key, uidValidity, 0);
        return { busy: false, fetched, uidValidity };
      } finally {
        lock.release();
      }
    } finally {
      await client.logout().catch(() => client.close());
    }
  }

  async function takeIn(uid: number, raw: Buffer, to: Recipient) {
    try {
      // An IMAP server knows no SMTP envelope: the Return-Path header (added at delivery) stands in
      // for MAIL FROM, so bounces with <> are noise as over SMTP; without one, intake uses From.
      const results = await receiveEmail(intake, raw, { mailFrom: returnPath(raw), recipients: [to] });
      for (const r of results) log.info({ ...r, uid }, 'inbound mail (imap)');
    } catch (err) {
      // Unreadable MIME will not read better next time: log it and move past it, like SMTP's 554.
      if (!(err instanceof UnreadableMail)) throw err;
      log.warn({ err, uid }, 'imap mail skipped: not readable as MIME');
    }
  }

  function pollOnce(): Promise<PollResult> {
    running ??= withMailboxLock(poll).finally(() => {
      running = null;
    });
    return running;
  }

  function schedule() {
    if (closed || intervalMs <= 0) return;
    timer = setTimeout(() => {
      pollOnce()
        .then(
          (r) => {
            if (r.fetched) log.info(r, 'imap poll');
          },
          (err: unknown) => log.error({ err }, 'imap poll failed; the next poll retries'),
        )
        .finally(schedule);
    }, intervalMs);
    timer.unref();
  }
  schedule();

  return {
    pollOnce,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
