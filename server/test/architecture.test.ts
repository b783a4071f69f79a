import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The house rules the compiler cannot check (../shared/design/house-style.md, issue 18 item 3):
 * each table is written by one module, and SQL lives in repositories. Both read the source, so a
 * new write to another module's table, or a query built in a service or a route, fails here.
 *
 * The known exceptions below are debts with their reason, not permissions: the test also fails
 * when one no longer exists, so the lists only shrink.
 */

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Code without comments, so prose such as "update tickets when…" is not a write. */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/[^\n]*/g, '$1');

/** The module a file belongs to: modules/<name>/…, or the platform folder it sits in. */
function moduleOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] === 'modules') return parts[1]!;
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

const WRITES = [
  /\b(?:insertInto|updateTable|deleteFrom|mergeInto)\(\s*'([a-z_]+)'/g,
  // Not "for update skip locked" nor "on conflict do update set".
  /\b(?:insert\s+into|update|delete\s+from)\s+(?!set\b|skip\b|of\b|nowait\b)([a-z_]+)\b(?=[\s(])/gi,
];

const files = sourceFiles(SRC).map((path) => {
  const file = relative(SRC, path).split('\\').join('/');
  return { file, module: moduleOf(file), code: code(readFileSync(path, 'utf8')) };
});

/** table → module → files that write it. */
function writers() {
  const byTable = new Map<string, Map<string, Set<string>>>();
  for (const f of files)
    for (const pattern of WRITES)
      for (const match of f.code.matchAll(pattern)) {
        const table = match[1]!;
        const modules = byTable.get(table) ?? new Map<string, Set<string>>();
        modules.set(f.module, (modules.get(f.module) ?? new Set()).add(f.file));
        byTable.set(table, modules);
      }
  return byTable;
}

/**
 * Tables written by more than their owning module today, as "table by module": issue 18's debts.
 * The owner is the module whose repository creates the rows; each entry says why it is still here.
 */
const KNOWN_FOREIGN_WRITERS: Record<string, string> = {
  // The outbox's table: modules should go through platform/events.ts emit() (typed catalog, item 2).
  'domain_events by routing': 'routing/writes.ts and admin-repository.ts insert events in bulk',
  'domain_events by sla': 'sla/repository.ts inserts sla.* events in bulk',
  'domain_events by tickets': 'tickets/repository.ts inserts ticket events in bulk during intake',
  'domain_events by platform/outbox': 'the dispatcher marks events delivered (the outbox owns the table)',
  // tickets: only the tickets module should change a ticket (issue 18 item 3).
  'tickets by channels': 'chat/repository.ts stamps chat state on its ticket',
  'tickets by customers': 'merging customers moves their tickets',
  'tickets by routing': 'routing assigns tickets (writes.ts, admin-repository.ts re-queue)',
  'tickets by sla': 'sla/repository.ts stamps SLA due times on the ticket',
  'ticket_events by customers': 'merging customers records history on moved tickets',
  'ticket_events by routing': 'routing records assignment history',
  'outbox_failures by operations': 'replaying a failure clears it (the outbox owns the table)',
  // The demo seeds as the owner, in bulk, for speed (not a request path).
  'agent_presence by demo': 'demo seed',
  'organizations by demo': 'demo seed',
  'queue_allocations by demo': 'demo seed',
  'routing_queues by demo': 'demo seed',
  'routing_rules by demo': 'demo seed',
  'sites by demo': 'demo seed',
  'ticket_routing by demo': 'demo seed',
};

/**
 * Who owns a table written by several modules: the module named here; otherwise the only module
 * writing it. A table written by two modules and named nowhere fails the test.
 */
const OWNER: Record<string, string> = {
  domain_events: 'platform',
  tickets: 'tickets',
  ticket_events: 'tickets',
  customers: 'customers',
  sites: 'vendors',
  ticket_routing: 'routing',
  vendors: 'vendors',
  sessions: 'auth',
  users: 'users',
  outbox_failures: 'platform/outbox',
  agent_presence: 'users',
  organizations: 'organizations',
  queue_allocations: 'routing',
  routing_queues: 'routing',
  routing_rules: 'routing',
};

/** Files outside repositories that build SQL today; each should move into its module's repository. */
const KNOWN_SQL_OUTSIDE_REPOSITORIES = new Set([
  'modules/analytics/facts.ts',
  'modules/analytics/rollup.ts',
  'modules/audit/service.ts',
  'modules/auth/jobs/purge-expired-sessions.ts',
  'modules/auth/sso-service.ts',
  'modules/calendars/service.ts',
  'modules/demo/routing.ts',
  'modules/operations/service.ts',
  'modules/qa/sampling.service.ts',
  'modules/qa/service.ts',
  'modules/routing/writes.ts',
  'modules/sla/attainment.ts',
  'modules/sla/service-level-service.ts',
  'modules/sla/service.ts',
  'modules/surveys/sender.ts',
  'modules/tickets/delivery.ts',
  // platform is the plumbing SQL runs on: transactions, the outbox, idempotency, request logs.
  'platform/db/transaction.ts',
  'platform/events.ts',
  'platform/http/idempotency.ts',
  'platform/http/observability.ts',
  'platform/http/purge-idempotency-keys.ts',
  'platform/outbox/dispatcher.ts',
]);

const BUILDS_SQL = /\b(?:selectFrom|insertInto|updateTable|deleteFrom)\(|\bsql`/;
const isRepository = (file: string) => /repository\.ts$/.test(file);

describe('each table is written by one module', () => {
  it('no module writes another module’s table beyond the known debts', () => {
    const found = new Set<string>();
    const unowned: string[] = [];
    for (const [table, modules] of writers()) {
      if (modules.size < 2) continue;
      const owner = OWNER[table];
      if (!owner || !modules.has(owner)) {
        unowned.push(`${table} (written by ${[...modules.keys()].join(', ')})`);
        continue;
      }
      for (const module of modules.keys()) if (module !== owner) found.add(`${table} by ${module}`);
    }
    expect(unowned, 'tables written by several modules with no owner named in OWNER').toEqual([]);
    const added = [...found].filter((w) => !(w in KNOWN_FOREIGN_WRITERS));
    expect(
      added,
      'a module writes another module’s table: call a function the owning module exports instead',
    ).toEqual([]);
    const paid = Object.keys(KNOWN_FOREIGN_WRITERS).filter((w) => !found.has(w));
    expect(paid, 'these debts are paid: remove them from KNOWN_FOREIGN_WRITERS').toEqual([]);
  });

  it('finds a write in SQL and in the query builder, and ignores comments', () => {
    const sample = code(`
      // update tickets when the customer writes
      await tx.insertInto('qa_reviews').values(row);
      await sql\`update tickets set status = 'open'\`.execute(tx);
    `);
    const tables = WRITES.flatMap((p) => [...sample.matchAll(p)].map((m) => m[1]));
    expect(tables.sort()).toEqual(['qa_reviews', 'tickets']);
  });
});

describe('SQL lives in repositories', () => {
  it('no file outside a repository builds SQL beyond the known debts', () => {
    const building = files.filter((f) => !isRepository(f.file) && BUILDS_SQL.test(f.code)).map((f) => f.file);
    const added = building.filter((f) => !KNOWN_SQL_OUTSIDE_REPOSITORIES.has(f));
    expect(added, 'move these queries into the module’s repository').toEqual([]);
    const paid = [...KNOWN_SQL_OUTSIDE_REPOSITORIES].filter((f) => !building.includes(f));
    expect(paid, 'these files no longer build SQL: remove them from the list').toEqual([]);
  });
});
