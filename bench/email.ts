/**
 * Inbound email benchmark: messages/s end to end — nodemailer (pooled SMTP connections) → Tandem's SMTP
 * server → mailparser → one transaction (customer, ticket or reply, message, history, outbox, intake
 * log) → COMMIT → 250 — beside two baselines measured in the same run on the same machine:
 *   - discard: an smtp-server that reads DATA and answers 250 (the protocol's own cost);
 *   - parse:   the same, plus mailparser on every mail (no storage, no database).
 *
 *   npm run bench:email                                   embedded PGlite in a temp dir
 *   TANDEM_DATABASE_URL=postgres://… npm run bench:email  a throwaway database on that server
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { SMTPServer } from 'smtp-server';
import { startEmailIntake } from '../server/src/modules/channels/email/index.js';
import { loadConfig } from '../server/src/platform/config.js';
import { withSystem } from '../server/src/platform/db/transaction.js';
import { createLogger } from '../server/src/platform/logging.js';
import { countStatements, openBenchDatabase, type Throughput, throughput } from './support.js';

const LEVELS = [1, 4, 16];
const LEVEL_SECONDS = 6;
const WARMUP_SECONDS = 2;
/** One mail in five replies (In-Reply-To) to an earlier one, so threading and reopening are exercised. */
const REPLY_SHARE = 0.2;
const SUPPORT = 'help@bench.test';

const statements = countStatements();

type Result = Throughput;

/** `concurrency` senders on a pool of as many SMTP connections, each sending back to back. */
async function closedLoop(port: number, concurrency: number, seconds: number, mail: () => Mail.Options) {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: concurrency,
    maxMessages: Number.POSITIVE_INFINITY,
  });
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          const info = await transport.sendMail(mail());
          if (/^250/.test(info.response)) latencies.push(performance.now() - t0);
          else errors++;
        } catch {
          errors++;
        }
      }
    }),
  );
  transport.close();
  return throughput(latencies, errors, (performance.now() - started) / 1000);
}

/** The baselines: the same smtp-server library, answering 250 after reading (and maybe parsing) DATA. */
async function startBaseline(parse: boolean) {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    size: 26_214_400,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (!parse) return callback();
        simpleParser(Buffer.concat(chunks)).then(
          () => callback(),
          (err: Error) => callback(err),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

function row(label: string, r: Result) {
  const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '-');
  return `${label.padEnd(22)} ${fmt(r.perSecond).padStart(8)}/s   p50 ${fmt(r.p50).padStart(7)} ms   p99 ${fmt(r.p99).padStart(7)} ms   n=${r.ops}${r.errors ? `  errors=${r.errors}` : ''}`;
}

async function main() {
  const guard = setTimeout(() => {
    console.error('bench:email exceeded its time budget; exiting');
    process.exit(1);
  }, 170_000);
  guard.unref();

  const { database, cleanup, label } = await openBenchDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-bench-files-'));
  const config = loadConfig({
    TANDEM_LOG_LEVEL: 'silent',
    TANDEM_DEMO_SEED: 'never',
    TANDEM_DATA_DIR: dataDir,
    TANDEM_SMTP_PORT: '0',
    TANDEM_SMTP_HOST: '127.0.0.1',
    TANDEM_EMAIL_SENDER_LIMIT: '1000000',
  });
  const logger = createLogger({ TANDEM_LOG_LEVEL: 'silent' });
  const intake = await startEmailIntake({ database, config, logger });
  const discard = await startBaseline(false);
  const parse = await startBaseline(true);
  try {
    await withSystem(database.db, async (tx) => {
      const org = await tx
        .insertInto('organizations')
        .values({ name: 'Bench Brand', slug: `bench-${randomUUID().slice(0, 8)}` })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('support_addresses')
        .values({ organization_id: org.id, address: SUPPORT })
        .execute();
    });
    const run = randomUUID().slice(0, 8);
    const sent: string[] = [];
    let seq = 0;
    const mail = (): Mail.Options => {
      const i = ++seq;
      const id = `<m${i}.${run}@customer.bench.test>`;
      const earlier =
        sent.length && Math.random() < REPLY_SHARE
          ? sent[Math.floor(Math.random() * sent.length)]
          : undefined;
      sent.push(id);
      return {
        from: { name: `Customer ${i}`, address: `c${i % 500}-${run}@customer.bench.test` },
        to: SUPPORT,
        subject: earlier ? 'Re: My order arrived damaged' : `Order ${i} arrived damaged`,
        messageId: id,
        ...(earlier ? { inReplyTo: earlier } : {}),
        text: 'The box was crushed and the mug inside is broken. Can you send a new one?\n\nThanks,\nA customer\n\nOn Mon, Nov 2, 2026 at 10:00 AM Support <help@bench.test> wrote:\n> How can we help?',
        html: '<p>The box was <b>crushed</b> and the mug inside is broken.</p><p>Can you send a new one?</p>',
      };
    };

    console.log(
      `bench:email — ${label}; ${Math.round(REPLY_SHARE * 100)}% replies; text + HTML mails of ~1 KB`,
    );
    await closedLoop(intake.port, 4, WARMUP_SECONDS, mail);
    const results: Record<string, Record<number, Result>> = { tandem: {}, discard: {}, parse: {} };
    for (const [name, port, title] of [
      ['tandem', intake.port, 'Tandem: SMTP → parse → commit → 250'],
      ['parse', parse.port, 'baseline: SMTP + mailparser, no storage'],
      ['discard', discard.port, 'baseline: SMTP accept and discard'],
    ] as const) {
      console.log(`\n${title}`);
      for (const c of LEVELS) {
        const before = statements();
        results[name]![c] = await closedLoop(port, c, LEVEL_SECONDS, mail);
        const perMail = (statements() - before) / Math.max(1, results[name]![c]!.ops);
        console.log(`${row(`  connections ${c}`, results[name]![c]!)}   ${perMail.toFixed(1)} stmts/mail`);
      }
    }
    const { rows } = await database.pool.query(
      'select count(*)::int as n from messages where external_id like $1',
      [`email:<m%.${run}@customer.bench.test>`],
    );
    const accepted = Object.values(results.tandem!).reduce((n, r) => n + r.ops, 0);
    console.log(
      `\ncommitted messages of the measured Tandem runs and warm-up: ${rows[0].n} (250s in measured runs: ${accepted})`,
    );
    console.log('\nratio Tandem / baseline (messages/s)');
    for (const c of LEVELS) {
      const t = results.tandem![c]!.perSecond;
      console.log(
        `  connections ${c}`.padEnd(22),
        `vs discard ${(t / results.discard![c]!.perSecond).toFixed(3)}`,
        `  vs parse ${(t / results.parse![c]!.perSecond).toFixed(3)}`,
      );
    }
  } finally {
    await intake.close();
    await discard.close();
    await parse.close();
    await cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
