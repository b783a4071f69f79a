import type { AddressInfo } from 'node:net';
import { type App, buildApp } from './app.js';
import { allJobs } from './jobs.js';
import {
  type EmailIntake,
  type ImapPoller,
  startEmailIntake,
  startImapPoller,
} from './modules/channels/email/index.js';
import { closeRelay } from './modules/channels/index.js';
import { type SeedOutcome, seedDemo } from './modules/demo/index.js';
import { resealAll } from './modules/encryption/index.js';
import { type SlaScanner, startSlaScanner } from './modules/sla/index.js';
import { deliverySenders, outboxConsumers } from './outbox.js';
import type { Config } from './platform/config.js';
import { keyringOf } from './platform/crypto/keyring.js';
import { type Database, openDatabase } from './platform/db/database.js';
import { type JobQueue, startJobQueue } from './platform/jobs/queue.js';
import type { Logger } from './platform/logging.js';
import { type OutboxWorker, startOutboxWorker } from './platform/outbox/worker.js';
import { type EventBus, startEventBus } from './platform/realtime/event-bus.js';

/**
 * The process lifecycle behind `tandem start`: database (migrated), demo seed on an empty database,
 * the HTTP API and/or the job worker. close() stops in the reverse order so nothing in flight is cut off.
 */

export type ServerRole = Config['TANDEM_ROLE'];

export interface RunningServer {
  /** Where the API answers; null for a worker-only process. */
  url: string | null;
  database: Database;
  /** The inbound SMTP port; null when not running (worker, or TANDEM_SMTP_ENABLED=false). */
  smtpPort: number | null;
  /** What the demo seed did at start; null when TANDEM_DEMO_SEED=never. */
  demo: SeedOutcome | null;
  close(): Promise<void>;
}

export async function startServer(config: Config, logger: Logger, role: ServerRole): Promise<RunningServer> {
  const database = await openDatabase(config, logger, { migrate: true });
  let app: App | undefined;
  let queue: JobQueue | undefined;
  let bus: EventBus | undefined;
  let smtp: EmailIntake | undefined;
  let outbox: OutboxWorker | undefined;
  let imap: ImapPoller | undefined;
  let sla: SlaScanner | undefined;
  let sweep: Promise<unknown> | undefined;
  const close = async () => {
    await sweep;
    // Stop taking requests and mail and let in-flight ones finish, then stop jobs, then the database.
    await smtp?.close();
    await imap?.close();
    await app?.close();
    await outbox?.stop();
    await sla?.stop();
    closeRelay();
    await bus?.close();
    await queue?.stop();
    await database.close();
  };
  try {
    // Resolves the KEK (an external database without one stops here) and makes the first data key.
    await keyringOf(database.db, config).ready();
    const demo = config.TANDEM_DEMO_SEED === 'auto' ? await seedDemo(database, config) : null;
    let url: string | null = null;
    bus = await startEventBus(database, logger);
    if (role !== 'worker') {
      app = await buildApp({ database, config, logger, bus });
      await app.listen({ port: config.PORT, host: config.HOST });
      const { port } = app.server.address() as AddressInfo;
      // PORT=0 picks a free port, so the printed URL must come from the socket, not the setting.
      url = config.TANDEM_PUBLIC_URL?.replace(/\/$/, '') ?? `http://localhost:${port}`;
      if (config.TANDEM_SMTP_ENABLED === 'true') smtp = await startEmailIntake({ database, config, logger });
    }
    if (role !== 'api') {
      queue = await startJobQueue(database, logger, allJobs, { work: true, config });
      // The outbox: dispatch committed events into deliveries, and send them (email, webhooks).
      outbox = startOutboxWorker({
        database,
        config,
        logger,
        bus,
        consumers: outboxConsumers,
        senders: deliverySenders,
      });
      // SLA warnings and breaches: the due-time index, claimed with SKIP LOCKED, acted on once.
      sla = startSlaScanner({ database, logger, pollMs: config.TANDEM_SLA_POLL_MS });
      // Polling an existing mailbox (optional); an advisory lock keeps it to one process per mailbox.
      if (config.TANDEM_IMAP_URL) imap = startImapPoller({ database, config, logger });
      // Secrets stored before encryption at rest are sealed in the background; serving goes on.
      sweep = resealAll(database, config).then(
        (resealed) => logger.info({ resealed }, 'secrets at rest re-sealed'),
        (err: unknown) =>
          logger.error({ err }, 're-sealing secrets at rest failed; `tandem keys rotate` retries'),
      );
    }
    return { url, smtpPort: smtp?.port ?? null, database, demo, close };
  } catch (err) {
    await close().catch((closeErr) => logger.error({ err: closeErr }, 'cleanup after a failed start failed'));
    throw err;
  }
}
