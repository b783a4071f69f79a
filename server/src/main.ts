import { parseArgs } from 'node:util';
import { z } from 'zod';
import { verifyAll } from './modules/audit/index.js';
import { createToken } from './modules/auth/index.js';
import { DEMO_PASSWORD, type SeedOutcome, seedDemo } from './modules/demo/index.js';
import { rotateKeys } from './modules/encryption/index.js';
import { createOrganization, slug, soleOrganization } from './modules/organizations/index.js';
import { findUserByEmail, provisionUser, userCreate } from './modules/users/index.js';
import { findVendorByRef } from './modules/vendors/index.js';
import { PERMISSIONS, type Permission } from './platform/auth/permissions.js';
import { type Config, ConfigError, loadConfig } from './platform/config.js';
import { EncryptionError } from './platform/crypto/envelope.js';
import { type Database, openDatabase } from './platform/db/database.js';
import { MigrationError, migrate } from './platform/db/migrator.js';
import { type Actor, type Tx, withActor, withSystem } from './platform/db/transaction.js';
import { DomainError } from './platform/errors.js';
import { createLogger } from './platform/logging.js';
import { startServer } from './server.js';

/** The `tandem` command. Each command loads the validated config and opens the database it names. */

const USAGE = `Usage: tandem <command> [options]

  start [--role all|api|worker]        run the API and/or the job worker (TANDEM_ROLE, default all)
  migrate                              apply pending database migrations
  org create --name <name> --slug <slug>
  user create --email <e> --role <role> [--password <p>] [--vendor <id or name>] [--name <display name>]
  token create --user <email> --scopes a,b [--name <label>] [--days <n>]   (prints the token once)
  demo seed                            seed the demo brand into an empty database
  audit verify                         check every organization's audit log hash chain (exit 1 if broken)
  keys rotate                          new data key, all keys re-wrapped under TANDEM_KEK, secrets re-sealed
                                       (safe while Tandem runs; see docs/security.md)
`;

/** A mistake in how the command was called or what it was asked to do: printed, exit code 1. */
class CommandError extends Error {}

const options = {
  role: { type: 'string' },
  name: { type: 'string' },
  slug: { type: 'string' },
  email: { type: 'string' },
  password: { type: 'string' },
  vendor: { type: 'string' },
  user: { type: 'string' },
  scopes: { type: 'string' },
  days: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;
type Flags = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values'];

function required(flags: Flags, name: keyof Flags): string {
  const value = flags[name];
  if (typeof value !== 'string' || !value) throw new CommandError(`--${name} is required`);
  return value;
}

/** Zod issues as the user's flags: "--email: Invalid email address". */
function parsed<T extends z.ZodType>(
  schema: T,
  input: unknown,
  flagOf: Record<string, string> = {},
): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => {
    const key = String(i.path[0] ?? '');
    return `  --${flagOf[key] ?? key}: ${i.message}`;
  });
  throw new CommandError(`Invalid options:\n${lines.join('\n')}`);
}

async function withDatabase<T>(config: Config, fn: (database: Database) => Promise<T>): Promise<T> {
  const logger = createLogger({ TANDEM_LOG_LEVEL: 'warn' });
  const database = await openDatabase(config, logger, { migrate: true });
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

async function theOrganization(tx: Tx) {
  const org = await soleOrganization(tx);
  if (!org)
    throw new CommandError('There is no organization yet: run `tandem demo seed` or `tandem org create`.');
  return org;
}

function printDemo(outcome: SeedOutcome | null, url: string | null) {
  if (!outcome) return;
  if (!outcome.seeded) {
    if (outcome.existing.slug === 'nordlys-demo')
      console.log(`Demo brand: sign in as admin@demo.tandem.test with password ${DEMO_PASSWORD}`);
    return;
  }
  const c = outcome.counts;
  console.log(
    `Seeded the demo brand: ${c.vendors} vendors, ${c.sites} sites, ${c.agents} agents, ${c.customers} customers, ${c.tickets} tickets.`,
  );
  console.log(`Demo log-ins${url ? ` at ${url}` : ''} (password for all: ${outcome.password}):`);
  const agents = new Map<string, number>();
  for (const l of outcome.logins) {
    if (l.role === 'agent') agents.set(l.vendor ?? '', (agents.get(l.vendor ?? '') ?? 0) + 1);
    else console.log(`  ${l.email.padEnd(36)} ${l.role.padEnd(14)} ${l.vendor ?? ''}`.trimEnd());
  }
  for (const [vendor, n] of agents) {
    const first = outcome.logins.find((l) => l.role === 'agent' && l.vendor === vendor)!.email;
    console.log(`  ${first.padEnd(36)} ${'agent'.padEnd(14)} ${vendor} (agent1 … agent${n})`);
  }
}

async function start(config: Config, flags: Flags) {
  const role = parsed(z.enum(['all', 'api', 'worker']), flags.role ?? config.TANDEM_ROLE, { '': 'role' });
  const logger = createLogger(config);
  const server = await startServer(config, logger, role);
  printDemo(server.demo, server.url);
  console.log(server.url ? `Tandem is running at ${server.url}` : 'Tandem worker is running');
  if (server.smtpPort !== null) console.log(`Inbound mail (SMTP) on port ${server.smtpPort}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      console.error(`${signal} again: exiting without finishing`);
      process.exit(1);
    }
    stopping = true;
    console.log(`${signal} received: finishing in-flight work, then stopping`);
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

async function createUserCommand(config: Config, flags: Flags) {
  await withDatabase(config, (database) =>
    withSystem(database.db, async (tx) => {
      const org = await theOrganization(tx);
      let vendorId: string | null = null;
      if (flags.vendor) {
        const vendor = await findVendorByRef(tx, flags.vendor);
        if (!vendor) throw new CommandError(`No vendor with the id or name "${flags.vendor}"`);
        vendorId = vendor.id;
      }
      const email = required(flags, 'email');
      const input = parsed(
        userCreate,
        {
          email,
          display_name: flags.name ?? email.split('@')[0],
          password: flags.password,
          role: required(flags, 'role'),
          vendor_id: vendorId,
        },
        FLAG_OF_FIELD,
      );
      const user = await provisionUser(tx, org.id, input);
      console.log(
        `Created ${user.role} ${user.email} (${user.id})${input.password ? '' : ' without a password'}`,
      );
    }),
  );
}

async function createTokenCommand(config: Config, flags: Flags) {
  const scopes = required(flags, 'scopes')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = scopes.filter((s) => !(PERMISSIONS as readonly string[]).includes(s));
  if (unknown.length)
    throw new CommandError(`Unknown scopes: ${unknown.join(', ')}. Scopes are: ${PERMISSIONS.join(', ')}`);
  const days =
    flags.days === undefined
      ? undefined
      : parsed(z.coerce.number().int().min(1).max(3650), flags.days, { '': 'days' });
  await withDatabase(config, async (database) => {
    const email = required(flags, 'user');
    const user = await withSystem(database.db, (tx) => findUserByEmail(tx, email));
    if (!user) throw new CommandError(`No user with the email ${email}`);
    const actor: Actor = {
      userId: user.id,
      organizationId: user.organization_id,
      role: user.role,
      vendorId: user.vendor_id,
      siteId: user.site_id,
      teamId: user.team_id,
    };
    // As the user themself, so the token can never carry more than the user's role allows.
    const token = await withActor(database.db, actor, (tx) =>
      createToken(tx, actor, {
        name: flags.name ?? 'cli',
        scopes: scopes as Permission[],
        expiresInDays: days,
      }),
    );
    console.log(`API token for ${user.email} (scopes ${scopes.join(', ')}), shown only this once:`);
    console.log(token.token);
  });
}

/**
 * Walks every organization's audit chain in pages. Prints each chain's entry count and head hash
 * (anchor the head elsewhere to detect a rewrite from some entry onward), or the first broken link.
 */
async function verifyAuditCommand(config: Config) {
  const outcome = await withDatabase(config, (database) => verifyAll(database.db));
  for (const o of outcome.organizations)
    console.log(
      `OK ${o.name} (${o.organizationId}): ${o.count} entries, head seq ${o.head.seq} hash ${o.head.hash}`,
    );
  if (!outcome.ok) {
    const b = outcome.broken;
    throw new CommandError(
      `BROKEN ${b.name} (${b.organizationId}) at seq ${b.seq}: ${b.reason} — ${b.message}`,
    );
  }
  const entries = outcome.organizations.reduce((n, o) => n + o.count, 0);
  console.log(`Audit log verified: ${outcome.organizations.length} organizations, ${entries} entries.`);
}

/** Rotates the data key and re-wraps under the current KEK while the app keeps serving. */
async function rotateKeysCommand(config: Config) {
  const outcome = await withDatabase(config, (database) => rotateKeys(database, config));
  console.log(
    `New data key ${outcome.newKeyId}${outcome.retiredKeyId ? ` (retired ${outcome.retiredKeyId})` : ''}, ` +
      `KEK ${outcome.kekId}; ${outcome.rewrapped} data keys re-wrapped; re-sealed ` +
      `${outcome.resealed.webhookSecrets} webhook secrets, ${outcome.resealed.mfaSecrets} TOTP secrets and ` +
      `${outcome.resealed.customFields} sealed custom field values.`,
  );
  if (outcome.resealed.unreadable)
    console.log(
      `${outcome.resealed.unreadable} secrets did not open and were left as they are (a former KEK or TANDEM_MFA_KEY not configured?); run again with it.`,
    );
}

async function run(argv: string[]) {
  const { values: flags, positionals } = parseArgs({ args: argv, options, allowPositionals: true });
  const command = positionals.join(' ');
  if (flags.help || !command || command === 'help') {
    console.log(USAGE);
    return;
  }
  const config = loadConfig();
  switch (command) {
    case 'start':
      return start(config, flags);
    case 'migrate': {
      const logger = createLogger({ TANDEM_LOG_LEVEL: 'warn' });
      const database = await openDatabase(config, logger);
      try {
        const applied = await migrate(database.pool);
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
      } finally {
        await database.close();
      }
      return;
    }
    case 'org create':
      return withDatabase(config, (database) =>
        withSystem(database.db, async (tx) => {
          const values = parsed(z.object({ name: z.string().trim().min(1).max(200), slug }), {
            name: required(flags, 'name'),
            slug: required(flags, 'slug'),
          });
          const org = await createOrganization(tx, values);
          console.log(`Created organization ${org.name} (${org.slug}, ${org.id})`);
        }),
      );
    case 'user create':
      return createUserCommand(config, flags);
    case 'token create':
      return createTokenCommand(config, flags);
    case 'audit verify':
      return verifyAuditCommand(config);
    case 'keys rotate':
      return rotateKeysCommand(config);
    case 'demo seed':
      return withDatabase(config, async (database) => {
        const outcome = await seedDemo(database, config);
        if (!outcome.seeded)
          throw new CommandError(
            `The database already holds an organization (${outcome.existing.name}); the demo only seeds an empty database.`,
          );
        printDemo(outcome, null);
      });
    default:
      throw new CommandError(`Unknown command "${command}".\n\n${USAGE}`);
  }
}

const FLAG_OF_FIELD: Record<string, string> = { display_name: 'name', vendor_id: 'vendor' };
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', '28P01', '28000', '3D000']);

function explain(err: unknown): string | undefined {
  if (
    err instanceof ConfigError ||
    err instanceof MigrationError ||
    err instanceof CommandError ||
    err instanceof EncryptionError
  )
    return err.message;
  if (err instanceof DomainError) {
    const flag = (path: string) =>
      `--${FLAG_OF_FIELD[path.replace(/^body\./, '')] ?? path.replace(/^body\./, '')}`;
    return [err.message, ...err.errors.map((e) => `  ${flag(e.path)}: ${e.message}`)].join('\n');
  }
  if (err instanceof Error && 'code' in err && CONNECTION_CODES.has(String(err.code)))
    return `Cannot connect to the database: ${err.message}. Check TANDEM_DATABASE_URL.`;
  // parseArgs rejects unknown flags with a code; show the usage rather than a stack trace.
  if (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))
    return `${err.message}\n\n${USAGE}`;
  return undefined;
}

run(process.argv.slice(2)).catch((err: unknown) => {
  const message = explain(err);
  if (message) console.error(message);
  else console.error(err);
  process.exit(1);
});
