import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { type App, buildApp } from '../src/app.js';
import { hashPassword, newSecret, secretHash } from '../src/modules/auth/index.js';
import { PERMISSIONS, roleAllows } from '../src/platform/auth/permissions.js';
import { type Config, loadConfig } from '../src/platform/config.js';
import { type Database, openDatabase } from '../src/platform/db/database.js';
import type { Role } from '../src/platform/db/schema.js';
import { createScratchDatabase } from '../src/platform/db/scratch-database.js';
import { type Actor, withSystem } from '../src/platform/db/transaction.js';
import { createLogger } from '../src/platform/logging.js';
import { type EventBus, startEventBus } from '../src/platform/realtime/event-bus.js';

/**
 * One isolated database per test file: PGlite in memory by default, or a fresh database on the
 * server named by TANDEM_TEST_DATABASE_URL (dropped again at the end).
 */
export async function openTestDatabase(
  config: Config,
): Promise<{ database: Database; drop(): Promise<void> }> {
  const logger = createLogger({ TANDEM_LOG_LEVEL: 'silent' });
  const serverUrl = process.env.TANDEM_TEST_DATABASE_URL;
  if (!serverUrl) {
    const database = await openDatabase(config, logger, { migrate: true, dataDir: ':memory:' });
    return { database, drop: () => database.close() };
  }
  const scratch = await createScratchDatabase(serverUrl, 'tandem_test');
  const database = await openDatabase({ ...config, TANDEM_DATABASE_URL: scratch.url }, logger, {
    migrate: true,
  });
  return {
    database,
    async drop() {
      await database.close();
      await scratch.drop();
    },
  };
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    TANDEM_LOG_LEVEL: 'silent',
    TANDEM_DEMO_SEED: 'never',
    TANDEM_DATA_DIR: ':memory:',
    // Test visitors all connect from loopback; the cap's own test (chat-start-limit.test.ts) sets it.
    TANDEM_CHAT_STARTS_PER_HOUR: '0',
    ...overrides,
  });
}

let cachedHash: Promise<string> | undefined;
export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestUser extends Actor {
  email: string;
  token: string;
}

/** Builds rows straight into the database (as the owner), so tests set up exactly what they need. */
export function factories(database: Database, organizationId: string) {
  const { db } = database;
  let n = 0;
  const next = () => `${++n}-${randomUUID().slice(0, 8)}`;
  return {
    async vendor(values: { name?: string; kind?: 'internal' | 'outsourced' } = {}) {
      return withSystem(db, (tx) =>
        tx
          .insertInto('vendors')
          .values({
            organization_id: organizationId,
            name: values.name ?? `Vendor ${next()}`,
            kind: values.kind ?? 'outsourced',
          })
          .returningAll()
          .executeTakeFirstOrThrow(),
      );
    },
    async site(vendorId: string, values: { name?: string; timeZone?: string; country?: string } = {}) {
      return withSystem(db, (tx) =>
        tx
          .insertInto('sites')
          .values({
            organization_id: organizationId,
            vendor_id: vendorId,
            name: values.name ?? `Site ${next()}`,
            country: values.country ?? 'PH',
            time_zone: values.timeZone ?? 'Asia/Manila',
            languages: ['en'],
          })
          .returningAll()
          .executeTakeFirstOrThrow(),
      );
    },
    async team(vendorId: string, siteId: string | null = null) {
      return withSystem(db, (tx) =>
        tx
          .insertInto('teams')
          .values({
            organization_id: organizationId,
            vendor_id: vendorId,
            site_id: siteId,
            name: `Team ${next()}`,
          })
          .returningAll()
          .executeTakeFirstOrThrow(),
      );
    },
    /** A customer with one email identity, optionally recorded by a vendor. */
    async customer(createdByVendorId: string | null = null): Promise<string> {
      return withSystem(db, async (tx) => {
        const c = await tx
          .insertInto('customers')
          .values({
            organization_id: organizationId,
            display_name: 'Customer',
            created_by_vendor_id: createdByVendorId,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await tx
          .insertInto('customer_identities')
          .values({
            organization_id: organizationId,
            customer_id: c.id,
            kind: 'email',
            value: `${c.id}@customer.test`,
          })
          .execute();
        return c.id;
      });
    },
    /** A ticket of the vendor; with conversation, also the customer's first message and a history row. */
    async ticket(
      customerId: string,
      vendorId: string | null,
      options: { conversation?: boolean } = {},
    ): Promise<string> {
      return withSystem(db, async (tx) => {
        const ticket = await tx
          .insertInto('tickets')
          .values({
            organization_id: organizationId,
            subject: 'Help',
            channel: 'email',
            customer_id: customerId,
            vendor_id: vendorId,
            custom_fields: '{}',
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        if (options.conversation) {
          await tx
            .insertInto('messages')
            .values({
              organization_id: organizationId,
              ticket_id: ticket.id,
              author_kind: 'customer',
              author_customer_id: customerId,
              body_text: 'Hello',
              attachments: '[]',
            })
            .execute();
          await tx
            .insertInto('ticket_events')
            .values({
              organization_id: organizationId,
              ticket_id: ticket.id,
              actor_kind: 'customer',
              actor_user_id: null,
              field: 'created',
              before: 'null',
              after: '"new"',
            })
            .execute();
        }
        return ticket.id;
      });
    },
    /** A user with the test password and an API token carrying every permission of the role. */
    async user(
      role: Role,
      vendorId: string | null = null,
      values: { email?: string; siteId?: string; teamId?: string } = {},
    ): Promise<TestUser> {
      cachedHash ??= hashPassword(TEST_PASSWORD);
      const passwordHash = await cachedHash;
      const email = values.email ?? `${role}.${next()}@example.test`;
      const token = newSecret('tdm');
      const user = await withSystem(db, async (tx) => {
        const u = await tx
          .insertInto('users')
          .values({
            organization_id: organizationId,
            email,
            display_name: `${role} ${n}`,
            password_hash: passwordHash,
            role,
            vendor_id: vendorId,
            site_id: values.siteId ?? null,
            team_id: values.teamId ?? null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await tx
          .insertInto('api_tokens')
          .values({
            organization_id: organizationId,
            user_id: u.id,
            name: 'test',
            token_hash: secretHash(token),
            scopes: PERMISSIONS.filter((p) => roleAllows(role, p)),
            expires_at: null,
          })
          .execute();
        return u;
      });
      return {
        userId: user.id,
        organizationId,
        role,
        vendorId,
        siteId: user.site_id,
        teamId: user.team_id,
        email,
        token,
      };
    },
  };
}

export interface TestContext {
  app: App;
  database: Database;
  config: Config;
  organizationId: string;
  make: ReturnType<typeof factories>;
  bus: EventBus;
  close(): Promise<void>;
}

export async function startTestApp(overrides: Record<string, string> = {}): Promise<TestContext> {
  const config = testConfig(overrides);
  const { database, drop } = await openTestDatabase(config);
  const logger = createLogger({ TANDEM_LOG_LEVEL: 'silent' });
  const bus = await startEventBus(database, logger);
  const app = await buildApp({ database, config, logger, bus });
  await app.ready();
  const org = await withSystem(database.db, (tx) =>
    tx
      .insertInto('organizations')
      .values({ name: 'Test Brand', slug: `test-${randomUUID().slice(0, 8)}` })
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
  return {
    app,
    database,
    config,
    organizationId: org.id,
    make: factories(database, org.id),
    bus,
    async close() {
      await app.close();
      await bus.close();
      await drop();
    },
  };
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** app.inject with a bearer token and JSON, returning the parsed body next to the raw response. */
export async function call(
  app: App,
  method: Method,
  url: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: any; response: LightMyRequestResponse }> {
  const response = await app.inject({
    method,
    url,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    ...(options.body !== undefined ? { payload: JSON.stringify(options.body) } : {}),
  });
  const text = response.body;
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON (metrics, docs page): leave as text
  }
  return { status: response.statusCode, body, response };
}
