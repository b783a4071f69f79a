import type { App } from '../src/app.js';
import { buildApp } from '../src/app.js';
import { newSecret, secretHash } from '../src/modules/auth/index.js';
import { seedDemo } from '../src/modules/demo/index.js';
import { PERMISSIONS, roleAllows } from '../src/platform/auth/permissions.js';
import { withSystem } from '../src/platform/db/transaction.js';
import { createLogger } from '../src/platform/logging.js';
import { startEventBus } from '../src/platform/realtime/event-bus.js';
import { call, openTestDatabase, testConfig } from '../test/harness.js';
import type { Ownership } from './leaks.js';

/** A signed-in probe user: an API token carrying every permission of the user's role. */
export interface ProbeActor {
  email: string;
  role: string;
  userId: string;
  vendorId: string | null;
  token: string;
  tokenId: string;
}

export interface ProbeWorld {
  app: App;
  admin: ProbeActor;
  /** Users of one vendor (Pacific): they drive every operation against everybody else's objects. */
  actors: ProbeActor[];
  /** A user of another vendor (Andes), used to create the foreign objects the demo lacks. */
  foreignAdmin: ProbeActor;
  ownership: Ownership;
  close(): Promise<void>;
}

const DOMAIN = 'demo.tandem.test';

/** Boots the app on an in-memory PGlite, seeds a small deterministic demo brand, mints tokens. */
export async function startWorld(): Promise<ProbeWorld> {
  const config = testConfig();
  const { database, drop } = await openTestDatabase(config);
  const logger = createLogger({ TANDEM_LOG_LEVEL: 'silent' });
  const bus = await startEventBus(database, logger);
  const app = await buildApp({ database, config, logger, bus });
  await app.ready();
  const seeded = await seedDemo(database, config, {
    seed: 7,
    now: new Date('2026-03-02T10:00:00Z'),
    customers: 40,
    days: 7,
  });
  if (!seeded.seeded) throw new Error('probe: the scratch database was not empty');

  const mint = (email: string) =>
    withSystem(database.db, async (tx) => {
      const user = await tx
        .selectFrom('users')
        .selectAll()
        .where('email', '=', `${email}@${DOMAIN}`)
        .executeTakeFirstOrThrow();
      const token = newSecret('tdm');
      const row = await tx
        .insertInto('api_tokens')
        .values({
          organization_id: user.organization_id,
          user_id: user.id,
          name: 'probe',
          token_hash: secretHash(token),
          scopes: PERMISSIONS.filter((p) => roleAllows(user.role, p)),
          expires_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return {
        email: user.email,
        role: user.role,
        userId: user.id,
        vendorId: user.vendor_id,
        token,
        tokenId: row.id,
      } satisfies ProbeActor;
    });

  const admin = await mint('admin');
  const actors = [await mint('pacific.admin'), await mint('pacific.lead1'), await mint('pacific.agent1')];
  // Pacific's identity provider: a SCIM token drives /scim/v2 (and is refused everywhere else).
  const pacificAdmin = actors[0]!;
  const scimToken = newSecret('scim');
  const scimRow = await withSystem(database.db, (tx) =>
    tx
      .insertInto('scim_tokens')
      .values({
        organization_id: seeded.organizationId,
        vendor_id: pacificAdmin.vendorId!,
        name: 'probe',
        token_hash: secretHash(scimToken),
        created_by: pacificAdmin.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  actors.push({ ...pacificAdmin, email: 'scim-token@pacific', token: scimToken, tokenId: scimRow.id });
  const foreignAdmin = await mint('andes.admin');
  const foreignAgent = await mint('andes.agent1');
  const ownership: Ownership = new Map();
  for (const a of [foreignAdmin, foreignAgent])
    ownership.set(a.tokenId, { kind: 'tokens', vendorId: a.vendorId });
  await collectOwnership(app, admin.token, ownership);
  return {
    app,
    admin,
    actors,
    foreignAdmin,
    ownership,
    async close() {
      await app.close();
      await bus.close();
      await drop();
    },
  };
}

/** Every page of a list route as the brand admin (a few pages at most). */
/** A row of a list response: the probe reads only ids and owners from it. */
export type Row = Record<string, string | null>;

export async function listAll(app: App, token: string, url: string): Promise<Row[]> {
  const items: Row[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 10; page++) {
    const sep = url.includes('?') ? '&' : '?';
    const paged = url.match(/\/(tickets|customers|users|vendors|sites|teams)$/)
      ? `${url}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
      : url;
    const res = await call(app, 'GET', paged, { token });
    if (res.status !== 200) throw new Error(`probe: GET ${paged} as brand admin answered ${res.status}`);
    items.push(...(res.body.items ?? []));
    cursor = res.body.nextCursor ?? undefined;
    if (!cursor || paged === url) break;
  }
  return items;
}

/** Reads, as the brand admin, every kind of object and who owns it. */
export async function collectOwnership(app: App, token: string, ownership: Ownership): Promise<void> {
  const own = (id: unknown, kind: string, vendorId: string | null) => {
    if (typeof id === 'string') ownership.set(id.toLowerCase(), { kind, vendorId });
  };
  for (const v of await listAll(app, token, '/api/v1/vendors')) own(v.id, 'vendors', v.id ?? null);
  const byVendor: Array<[string, string]> = [
    ['sites', '/api/v1/sites'],
    ['teams', '/api/v1/teams'],
    ['users', '/api/v1/users'],
    ['saved-views', '/api/v1/saved-views'],
    ['macros', '/api/v1/macros'],
    ['support-addresses', '/api/v1/support-addresses'],
    ['webhooks', '/api/v1/webhooks'],
    ['calendars', '/api/v1/calendars'],
    ['targets', '/api/v1/service-level-targets'],
    ['scorecards', '/api/v1/qa/scorecards'],
    ['reviews', '/api/v1/qa/reviews'],
    ['disputes', '/api/v1/qa/disputes'],
    ['calibrations', '/api/v1/qa/calibrations'],
    ['coaching-sessions', '/api/v1/qa/coaching-sessions'],
    ['coaching-actions', '/api/v1/qa/coaching-actions'],
    ['contracts', '/api/v1/billing/contracts'],
    ['invoices', '/api/v1/billing/invoices'],
  ];
  for (const [kind, url] of byVendor) {
    for (const item of await listAll(app, token, url)) own(item.id, kind, item.vendor_id ?? null);
  }
  for (const [kind, url] of [
    ['queues', '/api/v1/routing/queues'],
    ['rules', '/api/v1/routing/rules'],
    ['sla-policies', '/api/v1/sla-policies'],
  ] as const) {
    for (const item of await listAll(app, token, url)) own(item.id, kind, null);
  }
  // A customer belongs to a vendor when all of the customer's tickets are that vendor's.
  const tickets = await listAll(app, token, '/api/v1/tickets');
  const vendorsOfCustomer = new Map<string, Set<string | null>>();
  for (const t of tickets) {
    own(t.id, 'tickets', t.vendor_id ?? null);
    const set = vendorsOfCustomer.get(String(t.customer_id)) ?? new Set();
    set.add(t.vendor_id ?? null);
    vendorsOfCustomer.set(String(t.customer_id), set);
  }
  for (const c of await listAll(app, token, '/api/v1/customers')) {
    const vendors = [...(vendorsOfCustomer.get(String(c.id)) ?? [])];
    own(c.id, 'customers', vendors.length === 1 ? (vendors[0] ?? null) : null);
  }
  for (const r of await listAll(app, token, '/api/v1/surveys/responses')) {
    own(r.survey_id, 'surveys', r.vendor_id ?? null);
  }
  // Messages of a few tickets of each vendor; holidays of each vendor calendar; webhook deliveries.
  const perVendor = new Map<string, number>();
  for (const t of tickets) {
    if (!t.vendor_id || (perVendor.get(t.vendor_id) ?? 0) >= 3) continue;
    perVendor.set(t.vendor_id, (perVendor.get(t.vendor_id) ?? 0) + 1);
    for (const m of await listAll(app, token, `/api/v1/tickets/${t.id}/messages`))
      own(m.id, 'messages', t.vendor_id);
  }
  for (const [id, owned] of [...ownership]) {
    if (owned.kind === 'calendars') {
      for (const h of await listAll(app, token, `/api/v1/calendars/${id}/holidays`)) {
        own(h.id, 'holidays', owned.vendorId);
      }
    }
    if (owned.kind === 'webhooks') {
      for (const d of await listAll(app, token, `/api/v1/webhooks/${id}/deliveries`)) {
        own(d.id, 'deliveries', owned.vendorId);
      }
    }
  }
}
