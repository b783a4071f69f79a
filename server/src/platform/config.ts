import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';

/** Every setting Tandem reads, validated once at start. Nothing else reads process.env. */
const configSchema = z.object({
  TANDEM_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection URL')
    .optional()
    .describe('External PostgreSQL (>= 15). Unset: embedded PGlite under TANDEM_DATA_DIR.'),
  TANDEM_DATA_DIR: z.string().min(1).default('./data').describe('Where embedded PGlite and files live.'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080).describe('HTTP port.'),
  HOST: z.string().default('0.0.0.0').describe('HTTP bind address.'),
  TANDEM_PUBLIC_URL: z
    .string()
    .url()
    .optional()
    .describe('URL printed and used in links; default http://localhost:PORT.'),
  TANDEM_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TANDEM_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1_048_576)
    .describe('Largest accepted request body.'),
  TANDEM_DB_POOL_MAX: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .default(10)
    .describe('Pool size (external PostgreSQL only).'),
  TANDEM_SESSION_TTL_HOURS: z.coerce.number().int().min(1).default(12),
  TANDEM_LOGIN_MAX_FAILURES: z.coerce
    .number()
    .int()
    .min(1)
    .default(5)
    .describe('Failed log-ins before lockout.'),
  TANDEM_LOGIN_LOCKOUT_MINUTES: z.coerce.number().int().min(1).default(15),
  TANDEM_COOKIE_SECURE: z
    .enum(['true', 'false', 'auto'])
    .default('auto')
    .describe('Secure flag on the session cookie; auto = when TANDEM_PUBLIC_URL is https.'),
  TANDEM_DEMO_SEED: z
    .enum(['auto', 'never'])
    .default('auto')
    .describe('auto: seed demo data into an empty database at start.'),
  TANDEM_ROLE: z
    .enum(['all', 'api', 'worker'])
    .default('all')
    .describe('What `tandem start` runs in this process.'),
  TANDEM_REALTIME_HEARTBEAT_SECONDS: z.coerce
    .number()
    .min(0.1)
    .max(300)
    .default(30)
    .describe('Agent realtime socket: ping interval; each ping also re-checks the session or token.'),
  TANDEM_REALTIME_MAX_CONNECTIONS_PER_USER: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(10)
    .describe('Agent realtime sockets one user may hold open on one process (429 beyond).'),
  TANDEM_REALTIME_MAX_BUFFERED_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1_048_576)
    .describe('Unsent bytes a realtime socket may queue before it is closed as too slow.'),
  TANDEM_REALTIME_AWAY_AFTER_SECONDS: z.coerce
    .number()
    .min(0)
    .default(120)
    .describe('An online agent with no open realtime socket for this long is set away (0: never).'),
  TANDEM_PHONE_DEFAULT_COUNTRY: z
    .string()
    .regex(/^[A-Z]{2}$/, 'an ISO 3166 country code like DK')
    .optional()
    .describe('Country assumed for caller numbers without a +country prefix in phone events.'),
  TANDEM_WEB_FORM_MAX_PER_HOUR: z.coerce
    .number()
    .int()
    .min(1)
    .default(20)
    .describe('Public web form: submissions per client IP and per email address per hour.'),
});

export type Config = z.infer<typeof configSchema> & { publicUrl: string; embedded: boolean };

export class ConfigError extends Error {}

/** Reads an optional KEY=VALUE file (TANDEM_CONFIG_FILE) under the environment, which wins. */
function readConfigFile(path: string | undefined): Record<string, string> {
  if (!path) return {};
  const entries: Record<string, string> = {};
  for (const raw of readFileSync(resolve(path), 'utf8').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq < 1) throw new ConfigError(`${path}: "${line}" is not KEY=VALUE`);
    entries[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return entries;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const merged = { ...readConfigFile(env.TANDEM_CONFIG_FILE), ...env };
  for (const key of Object.keys(merged)) if (merged[key] === '') delete merged[key];
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = issue.path.join('.');
      const hint = (configSchema.shape as Record<string, z.ZodType>)[key]?.description;
      return `  ${key}: ${issue.message}${hint ? ` (${hint})` : ''}`;
    });
    throw new ConfigError(
      `Invalid configuration:\n${lines.join('\n')}\nFix these environment variables and start again.`,
    );
  }
  const c = parsed.data;
  return {
    ...c,
    publicUrl: c.TANDEM_PUBLIC_URL ?? `http://localhost:${c.PORT}`,
    embedded: !c.TANDEM_DATABASE_URL,
  };
}

/** The settings table for the README, straight from the schema. */
export function describeConfig(): Array<{ name: string; description: string }> {
  return Object.entries(configSchema.shape).map(([name, schema]) => ({
    name,
    description: (schema as z.ZodType).description ?? '',
  }));
}
