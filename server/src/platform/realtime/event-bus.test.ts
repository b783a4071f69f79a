import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testConfig } from '../../../test/harness.js';
import type { Database } from '../db/database.js';
import { withSystem } from '../db/transaction.js';
import { emit } from '../events.js';
import { createLogger } from '../logging.js';
import { type BusEvent, type EventBus, startEventBus } from './event-bus.js';

const logger = createLogger({ TANDEM_LOG_LEVEL: 'silent' });

function nextEvent(bus: EventBus, match: (e: BusEvent) => boolean, timeoutMs = 3000): Promise<BusEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error('no event arrived'));
    }, timeoutMs);
    const stop = bus.subscribe((event) => {
      if (!match(event)) return;
      clearTimeout(timer);
      stop();
      resolve(event);
    });
  });
}

describe('event bus', () => {
  let database: Database;
  let drop: () => Promise<void>;
  let bus: EventBus;
  let organizationId: string;

  beforeAll(async () => {
    ({ database, drop } = await openTestDatabase(testConfig()));
    bus = await startEventBus(database, logger);
    const org = await withSystem(database.db, (tx) =>
      tx
        .insertInto('organizations')
        .values({ name: 'Bus Brand', slug: 'bus-brand' })
        .returning('id')
        .executeTakeFirstOrThrow(),
    );
    organizationId = org.id;
  });
  afterAll(async () => {
    await bus.close();
    await drop();
  });

  const emitIn = (type: string, subjectId: string, payload: Record<string, unknown>, rollback = false) =>
    withSystem(database.db, async (tx) => {
      await emit(tx, { organizationId, vendorId: null, type, subjectId, payload });
      if (rollback) throw new Error('roll back');
    });

  it('announces a committed event with its payload, once, after commit', async () => {
    const subjectId = crypto.randomUUID();
    const seen: BusEvent[] = [];
    const stop = bus.subscribe((e) => e.subject_id === subjectId && seen.push(e));
    const arrived = nextEvent(bus, (e) => e.subject_id === subjectId);
    await emitIn('test.committed', subjectId, { n: 1 });
    const event = await arrived;
    expect(event).toMatchObject({
      type: 'test.committed',
      organization_id: organizationId,
      payload: { n: 1 },
    });
    expect(typeof event.id).toBe('number');
    await new Promise((r) => setTimeout(r, 100));
    stop();
    expect(seen).toHaveLength(1);
  });

  it('never announces an event whose transaction rolled back', async () => {
    const rolledBack = crypto.randomUUID();
    const committed = crypto.randomUUID();
    const seen: string[] = [];
    const stop = bus.subscribe((e) => seen.push(e.subject_id));
    await expect(emitIn('test.rolled_back', rolledBack, {}, true)).rejects.toThrow('roll back');
    const arrived = nextEvent(bus, (e) => e.subject_id === committed);
    await emitIn('test.committed', committed, {});
    await arrived;
    stop();
    expect(seen).not.toContain(rolledBack);
  });

  it('leaves a payload too large for a notification to be read by id', async () => {
    const subjectId = crypto.randomUUID();
    const arrived = nextEvent(bus, (e) => e.subject_id === subjectId);
    await emitIn('test.large', subjectId, { text: 'x'.repeat(10_000) });
    const event = await arrived;
    expect(event.payload).toBeUndefined();
    expect(event.type).toBe('test.large');
  });

  it('carries ephemeral signals to subscribers without storing them', async () => {
    const subjectId = crypto.randomUUID();
    const arrived = nextEvent(bus, (e) => e.subject_id === subjectId);
    await bus.publishEphemeral({
      organization_id: organizationId,
      vendor_id: null,
      type: 'test.typing',
      subject_id: subjectId,
      payload: { who: 'agent' },
    });
    const signal = await arrived;
    expect(signal).toMatchObject({ ephemeral: true, id: 0, type: 'test.typing', payload: { who: 'agent' } });
    const stored = await withSystem(database.db, (tx) =>
      tx.selectFrom('domain_events').select('id').where('subject_id', '=', subjectId).execute(),
    );
    expect(stored).toHaveLength(0);
  });

  it.runIf(Boolean(process.env.TANDEM_TEST_DATABASE_URL))(
    'reaches every process listening on the same database',
    async () => {
      const second = await startEventBus(database, logger);
      try {
        const subjectId = crypto.randomUUID();
        const both = Promise.all([
          nextEvent(bus, (e) => e.subject_id === subjectId),
          nextEvent(second, (e) => e.subject_id === subjectId),
        ]);
        await emitIn('test.fanout', subjectId, {});
        const [a, b] = await both;
        expect(a.id).toBe(b.id);
      } finally {
        await second.close();
      }
    },
  );
});
