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
    .describe(
      'Failed log-ins for one account from one client address before each further one waits (30 s, doubling).',
    ),
  TANDEM_LOGIN_MAX_FAILURES_PER_CLIENT: z.coerce
    .number()
    .int()
    .min(1)
    .default(20)
    .describe('Failed log-ins from one client address (any accounts) in 15 minutes before it must wait.'),
  TANDEM_TOKEN_CACHE_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(300)
    .default(10)
    .describe('How long an API token look-up is remembered; revocation reaches every process at once.'),
  TANDEM_LOGIN_LOCKOUT_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(15)
    .describe('The longest a throttled log-in waits (the doubling backoff stops here).'),
  TANDEM_KEK: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, 'base64 of exactly 32 bytes (openssl rand -base64 32)')
    .optional()
    .describe(
      'Key-encryption key (base64 of 32 bytes) that wraps the data keys sealing secrets at rest. Unset: TANDEM_KEK_FILE, ' +
        'else (embedded database only) a key generated once into TANDEM_DATA_DIR/kek.key.',
    ),
  TANDEM_KEK_FILE: z
    .string()
    .min(1)
    .optional()
    .describe('File holding the key-encryption key (base64 of 32 bytes), e.g. a mounted secret.'),
  TANDEM_KEK_PREVIOUS: z
    .string()
    .regex(
      /^[A-Za-z0-9+/]{43}=(,[A-Za-z0-9+/]{43}=)*$/,
      'comma-separated base64 keys of exactly 32 bytes each',
    )
    .optional()
    .describe(
      'Former key-encryption keys (comma-separated), still accepted for unwrapping until `tandem keys rotate` re-wraps under TANDEM_KEK.',
    ),
  TANDEM_MFA_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, 'base64 of exactly 32 bytes (openssl rand -base64 32)')
    .optional()
    .describe(
      'Former AES-256-GCM key of TOTP secrets (before encryption at rest): keep it set until `tandem keys rotate` has re-sealed them.',
    ),
  TANDEM_COOKIE_SECURE: z
    .enum(['true', 'false', 'auto'])
    .default('auto')
    .describe('Secure flag on the session cookie; auto = when TANDEM_PUBLIC_URL is https.'),
  TANDEM_METRICS: z
    .enum(['off', 'on'])
    .default('off')
    .describe('on: serve Prometheus /metrics (unauthenticated) on the HTTP port; off: 404.'),
  TANDEM_DEMO_SEED: z
    .enum(['auto', 'never'])
    .default('auto')
    .describe('auto: seed demo data into an empty database at start.'),
  TANDEM_SMTP_RELAY_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional()
    .describe(
      'Relay for outgoing mail, e.g. smtp://user:pass@host:587. Unset: mail is captured in the database (GET /api/v1/dev/mail).',
    ),
  TANDEM_MAIL_FROM: z
    .string()
    .regex(
      /^(.*<)?[^@<>\s]+@[^@<>\s]+>?$/,
      'must be an address like support@brand.example or "Brand <support@brand.example>"',
    )
    .default('Tandem Support <support@tandem.localhost>')
    .describe('From address of agent replies; its domain ends every Message-ID Tandem sends.'),
  TANDEM_DELIVERY_MAX_ATTEMPTS: z.coerce
    .number()
    .int()
    .min(1)
    .max(50)
    .default(8)
    .describe('Attempts at sending one email or webhook before it is marked failed.'),
  TANDEM_DELIVERY_BACKOFF_MS: z.coerce
    .number()
    .int()
    .min(1)
    .default(30_000)
    .describe('Wait before the first retry; it doubles each attempt (with jitter), capped at one hour.'),
  TANDEM_WEBHOOK_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .default(10_000)
    .describe('How long a webhook endpoint may take to answer before the attempt counts as failed.'),
  TANDEM_WEBHOOK_ALLOW_PRIVATE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .describe('Allow webhook URLs on loopback and private networks (SSRF protection is on when false).'),
  TANDEM_SLA_POLL_MS: z.coerce
    .number()
    .int()
    .min(10)
    .default(1000)
    .describe(
      'How often the worker looks for SLA warnings and breaches that came due (breach lag is about one poll).',
    ),
  TANDEM_ROUTING_RETRY_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3600)
    .default(15)
    .describe('How soon routing tries again a contact nobody could take, when no event wakes it sooner.'),
  TANDEM_OUTBOX_POLL_MS: z.coerce
    .number()
    .int()
    .min(10)
    .default(1000)
    .describe('How often the worker looks for undispatched events and due deliveries when not woken.'),
  TANDEM_ROLE: z
    .enum(['all', 'api', 'worker'])
    .default('all')
    .describe('What `tandem start` runs in this process.'),
  TANDEM_SMTP_ENABLED: z
    .enum(['true', 'false'])
    .default('true')
    .describe('Run the inbound SMTP server (email in) in api and all processes.'),
  TANDEM_SMTP_PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .default(2525)
    .describe('Inbound SMTP port; 0 picks a free port.'),
  TANDEM_SMTP_HOST: z.string().default('0.0.0.0').describe('Inbound SMTP bind address.'),
  TANDEM_EMAIL_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(26_214_400)
    .describe('Largest inbound email (SMTP SIZE); bigger mail is refused with 552.'),
  TANDEM_EMAIL_SENDER_LIMIT: z.coerce
    .number()
    .int()
    .min(1)
    .default(20)
    .describe('Inbound emails one sender may send per 10 minutes before 450 (try later).'),
  TANDEM_ATTACHMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(10_485_760)
    .describe('Largest attachment stored; bigger ones are dropped with a note in the message.'),
  TANDEM_MESSAGE_ATTACHMENTS_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(20_971_520)
    .describe('Most attachment bytes stored per message; the rest are dropped with a note.'),
  TANDEM_IMAP_URL: z
    .string()
    .regex(/^imaps?:\/\/[^@/]+@[^/]+/, 'must be an imap:// or imaps:// URL with user and password')
    .optional()
    .describe(
      'Mailbox to poll for email in, e.g. imaps://user:pass@imap.example.com/INBOX (read-only). Unset: no polling.',
    ),
  TANDEM_IMAP_ADDRESS: z
    .string()
    .regex(/^[^@\s]+@[^@\s]+$/, 'must be an email address')
    .optional()
    .describe(
      'The support address whose brand, queue and language polled mail goes to (required with TANDEM_IMAP_URL).',
    ),
  TANDEM_IMAP_POLL_SECONDS: z.coerce
    .number()
    .int()
    .min(5)
    .max(86_400)
    .default(60)
    .describe('How often the worker polls the IMAP mailbox for new mail.'),
  TANDEM_CHAT_SECRET: z
    .string()
    .min(32, 'at least 32 characters')
    .optional()
    .describe('HMAC key for chat visitor tokens; unset: generated once and kept in the database.'),
  TANDEM_CHAT_REQUIRE_EMAIL: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .describe('Whether the chat pre-chat form requires an email address.'),
  TANDEM_CHAT_WAIT_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .default(120)
    .describe('How long a chat waits for an agent before it continues by email.'),
  TANDEM_CHAT_MESSAGES_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .default(30)
    .describe('Chat messages one visitor may send per minute (bursts of up to 10).'),
  TANDEM_CHAT_STARTS_PER_HOUR: z.coerce
    .number()
    .int()
    .min(0)
    .default(10)
    .describe('New chats one client address may start per hour, counted per process; 0 no limit.'),
  TANDEM_CHAT_MAX_MESSAGE_CHARS: z.coerce
    .number()
    .int()
    .min(100)
    .max(16_000)
    .default(4000)
    .describe('Longest chat message a visitor may send, in characters.'),
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
    .describe('Public web form: submissions per client IP per hour.'),
  TANDEM_WEB_FORM_MAX_PER_EMAIL_PER_HOUR: z.coerce
    .number()
    .int()
    .min(1)
    .default(5)
    .describe(
      'Public web form: submissions per email address per hour, counted in the database across processes.',
    ),
  TANDEM_TRUSTED_PROXIES: z
    .string()
    .default('')
    .refine(
      (s) => s.split(',').every((p) => p.trim() === '' || /^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(p.trim())),
      'comma-separated IP addresses or CIDR ranges',
    )
    .describe(
      'Reverse proxies whose X-Forwarded-For Tandem believes (comma-separated IPs or CIDRs, e.g. 10.0.0.0/8). ' +
        'Empty (the default): the connecting address is the client, and X-Forwarded-For is ignored.',
    ),
  TANDEM_SURVEY_SECRET: z
    .string()
    .min(32, 'at least 32 characters')
    .optional()
    .describe('HMAC key for survey links; unset: generated once and kept in the database.'),
  TANDEM_SURVEY_THROTTLE_DAYS: z.coerce
    .number()
    .int()
    .min(0)
    .max(365)
    .default(30)
    .describe('A customer is sent at most one survey in this many days (0: no limit).'),
  TANDEM_SURVEY_EDIT_HOURS: z.coerce
    .number()
    .min(0)
    .max(720)
    .default(72)
    .describe('How long after answering a customer may change a survey answer (every version is kept).'),
  TANDEM_NPS_RECENT_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(365)
    .default(30)
    .describe('The periodic NPS survey goes to customers with a solved contact in this many days.'),
  TANDEM_ACTIVITY_IDLE_SECONDS: z.coerce
    .number()
    .int()
    .min(5)
    .max(3600)
    .default(90)
    .describe(
      'Console heartbeats further apart than this end a span of activity: idle time is not handle time.',
    ),
  TANDEM_SHORT_ABANDON_SECONDS: z.coerce
    .number()
    .min(0)
    .max(600)
    .default(5)
    .describe('Calls abandoned within this many seconds of being offered are short abandons.'),
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
  if (c.TANDEM_KEK && c.TANDEM_KEK_FILE) {
    throw new ConfigError(
      'Invalid configuration:\n  TANDEM_KEK_FILE: set TANDEM_KEK or TANDEM_KEK_FILE, not both\nFix these environment variables and start again.',
    );
  }
  if (c.TANDEM_IMAP_URL && !c.TANDEM_IMAP_ADDRESS) {
    throw new ConfigError(
      'Invalid configuration:\n  TANDEM_IMAP_ADDRESS: required with TANDEM_IMAP_URL (the support address the mailbox feeds)\nFix these environment variables and start again.',
    );
  }
  return {
    ...c,
    publicUrl: c.TANDEM_PUBLIC_URL ?? `http://localhost:${c.PORT}`,
    embedded: !c.TANDEM_DATABASE_URL,
  };
}

/** The settings table for docs/cli-and-configuration.md, straight from the schema. */
export function describeConfig(): Array<{ name: string; description: string }> {
  return Object.entries(configSchema.shape).map(([name, schema]) => ({
    name,
    description: (schema as z.ZodType).description ?? '',
  }));
}
