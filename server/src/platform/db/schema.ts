import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Table types for Kysely: the one place that mirrors migrations/*.sql. Timestamps arrive as ISO strings. */

type Timestamp = ColumnType<string, string | undefined, string>;
type CreatedAt = ColumnType<string, string | undefined, never>;
type Json<T> = ColumnType<T, string, string>;

export const CHANNELS = ['email', 'chat', 'phone', 'web', 'api', 'social'] as const;
export type Channel = (typeof CHANNELS)[number];
export const TICKET_STATUSES = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const ROLES = [
  'brand_admin',
  'brand_analyst',
  'vendor_admin',
  'team_lead',
  'agent',
  'qa_reviewer',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];
export const VENDOR_KINDS = ['internal', 'outsourced'] as const;
export const VENDOR_STATUSES = ['onboarding', 'active', 'suspended', 'offboarded'] as const;
export const SITE_STATUSES = ['up', 'degraded', 'down'] as const;
export const IDENTITY_KINDS = ['email', 'phone', 'chat_visitor', 'external'] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

export interface OrganizationsTable {
  id: Generated<string>;
  name: string;
  slug: string;
  created_at: CreatedAt;
}

export interface VendorsTable {
  id: Generated<string>;
  organization_id: string;
  name: string;
  kind: (typeof VENDOR_KINDS)[number];
  status: Generated<(typeof VENDOR_STATUSES)[number]>;
  contract_start: string | null;
  contract_end: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface SitesTable {
  id: Generated<string>;
  organization_id: string;
  vendor_id: string;
  name: string;
  country: string;
  time_zone: string;
  languages: Generated<string[]>;
  status: Generated<(typeof SITE_STATUSES)[number]>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface TeamsTable {
  id: Generated<string>;
  organization_id: string;
  vendor_id: string;
  site_id: string | null;
  name: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface UsersTable {
  id: Generated<string>;
  organization_id: string;
  email: string;
  display_name: string;
  password_hash: string | null;
  role: Role;
  vendor_id: string | null;
  site_id: string | null;
  team_id: string | null;
  languages: Generated<string[]>;
  active: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface AgentSkillsTable {
  user_id: string;
  skill: string;
  proficiency: number;
}

export interface AgentCapacitiesTable {
  user_id: string;
  channel: Channel;
  max_concurrent: number;
}

export const PRESENCE_STATUSES = ['online', 'away', 'offline'] as const;
export type PresenceStatus = (typeof PRESENCE_STATUSES)[number];

export interface AgentPresenceTable {
  user_id: string;
  organization_id: string;
  vendor_id: string | null;
  status: PresenceStatus;
  changed_at: Generated<string>;
  last_activity_at: Generated<string>;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: CreatedAt;
  expires_at: string;
  last_seen_at: Timestamp;
}

export interface ApiTokensTable {
  id: Generated<string>;
  organization_id: string;
  user_id: string;
  name: string;
  token_hash: string;
  scopes: string[];
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
  created_at: CreatedAt;
}

export interface CustomersTable {
  id: Generated<string>;
  organization_id: string;
  display_name: Generated<string>;
  tier: Generated<string>;
  created_by_vendor_id: string | null;
  merged_into_id: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface CustomerIdentitiesTable {
  id: Generated<string>;
  organization_id: string;
  customer_id: string;
  kind: IdentityKind;
  value: string;
  created_at: CreatedAt;
}

export interface TicketsTable {
  id: Generated<string>;
  number: ColumnType<number, never, never>;
  organization_id: string;
  subject: string;
  channel: Channel;
  status: Generated<TicketStatus>;
  priority: Generated<Priority>;
  /** Generated from priority (low 0 … urgent 3) so lists sort by urgency; migration 0002. */
  priority_rank: ColumnType<number, never, never>;
  language: string | null;
  queue: string | null;
  tags: Generated<string[]>;
  custom_fields: Json<Record<string, unknown>>;
  customer_id: string;
  vendor_id: string | null;
  site_id: string | null;
  team_id: string | null;
  agent_id: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  first_response_at: string | null;
  solved_at: string | null;
  closed_at: string | null;
  /** to_tsvector('simple', subject), generated (migration 0013). */
  search: ColumnType<string, never, never>;
}

export interface Attachment {
  /** The attachments row (migration 0006) that serves the file at GET /api/v1/attachments/:id. */
  id?: string;
  name: string;
  contentType: string;
  size: number;
  storageKey?: string;
  /** Where a bridged channel (social) keeps the file, when Tandem does not store it. */
  url?: string;
}

export interface MessagesTable {
  id: Generated<string>;
  organization_id: string;
  ticket_id: string;
  author_kind: 'customer' | 'agent' | 'system';
  author_user_id: string | null;
  author_customer_id: string | null;
  visibility: Generated<'public' | 'internal'>;
  body_text: string;
  body_html: string | null;
  attachments: Json<Attachment[]>;
  created_at: CreatedAt;
  /** The channel it came or went by; null means the ticket's own channel. */
  channel: Channel | null;
  /** The channel's id for it, namespaced: 'email:<Message-ID>', 'chat:<client id>', 'social:<network>:<id>'. */
  external_id: string | null;
  /** For replies sent out through a channel: pending until the channel takes it. */
  delivery_status: 'pending' | 'sent' | 'failed' | null;
  delivery_error: string | null;
  delivered_at: string | null;
  /** A public message's position in its chat as the visitor sees it (migration 0009); null elsewhere. */
  chat_seq: Generated<number | null>;
  /** to_tsvector('simple', body_text), generated (migration 0013). */
  search: ColumnType<string, never, never>;
}

export interface TicketEventsTable {
  id: Generated<number>;
  organization_id: string;
  ticket_id: string;
  actor_kind: 'user' | 'customer' | 'system';
  actor_user_id: string | null;
  field: string;
  before: Json<unknown>;
  after: Json<unknown>;
  created_at: CreatedAt;
}

export interface DomainEventsTable {
  id: Generated<number>;
  organization_id: string;
  vendor_id: string | null;
  type: string;
  subject_id: string;
  payload: Json<Record<string, unknown>>;
  created_at: CreatedAt;
  dispatched_at: string | null;
}

export interface IdempotencyKeysTable {
  user_id: string;
  key: string;
  organization_id: string;
  method: string;
  path: string;
  request_hash: string;
  status_code: number;
  response: Json<unknown>;
  created_at: CreatedAt;
}

export interface SupportAddressesTable {
  id: Generated<string>;
  organization_id: string;
  /** Lower-case, unique across organizations: the RCPT address names the brand. */
  address: string;
  name: Generated<string>;
  queue: string | null;
  language: string | null;
  vendor_id: string | null;
  active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface AttachmentsTable {
  id: Generated<string>;
  organization_id: string;
  ticket_id: string;
  message_id: string;
  filename: string;
  declared_content_type: string;
  sniffed_content_type: string | null;
  size: number;
  sha256: string;
  storage_key: string;
  created_at: CreatedAt;
}

export const EMAIL_OUTCOMES = ['ticket', 'reply', 'duplicate', 'ignored'] as const;
export type EmailOutcome = (typeof EMAIL_OUTCOMES)[number];

export interface EmailIntakeTable {
  id: Generated<number>;
  organization_id: string;
  sender: string;
  recipient: string;
  message_id_header: string | null;
  outcome: EmailOutcome;
  reason: string | null;
  ticket_id: string | null;
  message_id: string | null;
  raw_key: string | null;
  created_at: CreatedAt;
}

export interface WebhookSubscriptionsTable {
  id: Generated<string>;
  organization_id: string;
  /** null: a brand subscription that receives every event of the brand. */
  vendor_id: string | null;
  url: string;
  description: Generated<string>;
  event_types: string[];
  /** For social.reply: the networks this bridge posts to (empty: every network). */
  networks: Generated<string[]>;
  secret: string;
  active: Generated<boolean>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export type DeliveryOutcome = 'pending' | 'succeeded' | 'failed';

export interface WebhookDeliveriesTable {
  id: Generated<string>;
  organization_id: string;
  subscription_id: string;
  vendor_id: string | null;
  event_id: number;
  event_type: string;
  message_id: string | null;
  body: Json<Record<string, unknown>>;
  status: Generated<DeliveryOutcome>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  leased_until: string | null;
  last_attempt_at: string | null;
  response_status: number | null;
  latency_ms: number | null;
  last_error: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface EmailDeliveriesTable {
  message_id: string;
  organization_id: string;
  ticket_id: string;
  recipient: string;
  status: Generated<'pending' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  leased_until: string | null;
  last_attempt_at: string | null;
  last_error: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface CapturedMailTable {
  id: Generated<string>;
  organization_id: string;
  message_id: string;
  ticket_id: string;
  mail_from: string;
  mail_to: string;
  subject: string;
  message_id_header: string;
  in_reply_to: string | null;
  raw: string;
  created_at: CreatedAt;
}

export interface SocialThreadsTable {
  organization_id: string;
  network: string;
  thread_id: string;
  ticket_id: string;
  created_at: CreatedAt;
}

export interface ChatSecretsTable {
  id: Generated<number>;
  secret: string;
  created_at: CreatedAt;
}

export interface ImapCheckpointsTable {
  mailbox: string;
  uidvalidity: number;
  last_uid: number;
  updated_at: Timestamp;
}

export interface ChatConversationsTable {
  ticket_id: string;
  organization_id: string;
  visitor_id: string;
  mode: Generated<'live' | 'email'>;
  language_source: 'browser' | 'text' | null;
  visitor_name: Generated<string>;
  email: string | null;
  last_seq: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
  /** When an agent ended the chat (migration 0013). */
  ended_at: string | null;
  ended_by: string | null;
}

/** Saved inbox filters (migration 0013). */
export interface SavedViewsTable {
  id: Generated<string>;
  organization_id: string;
  owner_user_id: string;
  vendor_id: string | null;
  name: string;
  filters: Json<Record<string, unknown>>;
  shared: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** Canned responses (migration 0013); vendor_id null: the brand's own. */
export interface MacrosTable {
  id: Generated<string>;
  organization_id: string;
  vendor_id: string | null;
  name: string;
  language: string;
  body: string;
  approved: Generated<boolean>;
  approved_by: string | null;
  approved_at: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** Who is viewing or typing on a ticket until expires_at (migration 0013). */
export interface TicketActivityTable {
  ticket_id: string;
  user_id: string;
  organization_id: string;
  state: 'viewing' | 'typing';
  updated_at: Timestamp;
  expires_at: string;
}

export const CALL_EVENTS = ['offered', 'answered', 'ended', 'abandoned'] as const;
export type CallEvent = (typeof CALL_EVENTS)[number];

/** One phone call as the CTI reported it (migration 0008). Seconds arrive as numeric text. */
export interface CallsTable {
  id: Generated<string>;
  organization_id: string;
  call_id: string;
  ticket_id: string;
  customer_id: string;
  direction: Generated<'inbound' | 'outbound'>;
  status: CallEvent;
  caller_number: string | null;
  dialled_number: string | null;
  ivr_path: Generated<string[]>;
  queue: string | null;
  agent_id: string | null;
  offered_at: string | null;
  answered_at: string | null;
  ended_at: string | null;
  abandoned_at: string | null;
  wait_seconds: ColumnType<string | null, number | null | undefined, number | null>;
  talk_seconds: ColumnType<string | null, number | null | undefined, number | null>;
  hold_seconds: ColumnType<string | null, number | null | undefined, number | null>;
  wrap_up_seconds: ColumnType<string | null, number | null | undefined, number | null>;
  recording_url: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface CallEventsTable {
  call_row_id: string;
  organization_id: string;
  event: CallEvent;
  occurred_at: string;
  payload: Json<Record<string, unknown>>;
  received_at: CreatedAt;
}

export interface DB {
  organizations: OrganizationsTable;
  vendors: VendorsTable;
  sites: SitesTable;
  teams: TeamsTable;
  users: UsersTable;
  agent_skills: AgentSkillsTable;
  agent_capacities: AgentCapacitiesTable;
  agent_presence: AgentPresenceTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  customers: CustomersTable;
  customer_identities: CustomerIdentitiesTable;
  tickets: TicketsTable;
  messages: MessagesTable;
  ticket_events: TicketEventsTable;
  domain_events: DomainEventsTable;
  idempotency_keys: IdempotencyKeysTable;
  support_addresses: SupportAddressesTable;
  attachments: AttachmentsTable;
  email_intake: EmailIntakeTable;
  imap_checkpoints: ImapCheckpointsTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  email_deliveries: EmailDeliveriesTable;
  captured_mail: CapturedMailTable;
  social_threads: SocialThreadsTable;
  chat_secrets: ChatSecretsTable;
  chat_conversations: ChatConversationsTable;
  calls: CallsTable;
  call_events: CallEventsTable;
  saved_views: SavedViewsTable;
  macros: MacrosTable;
  ticket_activity: TicketActivityTable;
}

export type Row<T extends keyof DB> = Selectable<DB[T]>;
export type NewRow<T extends keyof DB> = Insertable<DB[T]>;
export type RowUpdate<T extends keyof DB> = Updateable<DB[T]>;
