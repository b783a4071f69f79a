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
/** Vendor roles the brand may mask (migration 0033); brand staff always see customer data. */
export const MASKABLE_ROLES = ['vendor_admin', 'team_lead', 'agent', 'qa_reviewer'] as const;
export type MaskableRole = (typeof MASKABLE_ROLES)[number];
export const VENDOR_KINDS = ['internal', 'outsourced'] as const;
export const VENDOR_STATUSES = ['onboarding', 'active', 'suspended', 'offboarded'] as const;
export const SITE_STATUSES = ['up', 'degraded', 'down'] as const;
export const IDENTITY_KINDS = ['email', 'phone', 'chat_visitor', 'external'] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

export interface OrganizationsTable {
  id: Generated<string>;
  name: string;
  slug: string;
  calendar_id: Generated<string | null>;
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
  calendar_id: Generated<string | null>;
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
  calendar_id: Generated<string | null>;
  /** Data regions this site may serve (migration 0014); a customer with a region needs it here. */
  data_regions: Generated<string[]>;
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
  /** Non-secret: how the API names a session (0036). */
  id: Generated<string>;
  user_id: string;
  created_at: CreatedAt;
  expires_at: string;
  last_seen_at: Timestamp;
  user_agent: string | null;
  ip: string | null;
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

export interface ScimTokensTable {
  id: Generated<string>;
  organization_id: string;
  vendor_id: string;
  name: string;
  token_hash: string;
  default_role: ColumnType<Role, Role | undefined, Role>;
  created_by: string;
  revoked_at: string | null;
  last_used_at: string | null;
  created_at: CreatedAt;
}

export interface ScimUsersTable {
  user_id: string;
  organization_id: string;
  vendor_id: string;
  external_id: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface CustomersTable {
  id: Generated<string>;
  organization_id: string;
  display_name: Generated<string>;
  tier: Generated<string>;
  /** Data-residency region (e.g. 'EU'); routing sends the customer only to sites allowed for it. 0014 */
  data_region: Generated<string | null>;
  segment: Generated<string | null>;
  created_by_vendor_id: string | null;
  merged_into_id: string | null;
  /** When the customer's personal data was erased (docs/privacy.md#export-and-erasure). 0034 */
  erased_at: Generated<string | null>;
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
  /** When the conversation was redacted (retention or erasure; docs/privacy.md). 0034 */
  redacted_at: Generated<string | null>;
  /** Earliest due time of the ticket's active SLA timers, kept by the SLA module; migration 0012. */
  sla_due_at: Generated<string | null>;
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
  message_id: string | null;
  /** null: a mail about no ticket (a business review pack, migration 0020) */
  ticket_id: string | null;
  survey_id: string | null;
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

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
/** Local wall-clock opening intervals, "HH:MM" with end > start; "24:00" ends at midnight. */
export type WeeklyHours = Partial<Record<Weekday, { start: string; end: string }[]>>;

export interface BusinessCalendarsTable {
  id: Generated<string>;
  organization_id: string;
  vendor_id: string | null;
  name: string;
  time_zone: string;
  weekly_hours: Json<WeeklyHours>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface CalendarHolidaysTable {
  id: Generated<string>;
  calendar_id: string;
  name: string;
  date: string;
  yearly: Generated<boolean>;
  created_at: CreatedAt;
}

/** SLA policy (migration 0015): conditions, per-priority targets, warning share, breach actions. */
export interface SlaPolicyConditions {
  priorities?: Priority[];
  channels?: Channel[];
  queues?: string[];
  tiers?: string[];
  vendor_ids?: string[];
  tags?: string[];
}
export interface SlaPolicyTarget {
  metric: string;
  priority: Priority;
  minutes: number;
  business: boolean;
}
export interface SlaBreachActions {
  notify?: boolean;
  raise_priority?: boolean;
  move_to_queue?: string | null;
  backup_vendor_id?: string | null;
  webhook?: boolean;
}

export interface SlaPoliciesTable {
  id: Generated<string>;
  organization_id: string;
  name: string;
  position: number;
  active: Generated<boolean>;
  conditions: Json<SlaPolicyConditions>;
  targets: Json<SlaPolicyTarget[]>;
  warn_percent: number | null;
  breach_actions: Json<SlaBreachActions>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface SlaTimersTable {
  ticket_id: string;
  metric: string;
  organization_id: string;
  policy_id: string | null;
  cycle: number;
  state: 'active' | 'paused' | 'achieved' | 'breached';
  target_minutes: number;
  business: boolean;
  started_at: string;
  elapsed_ms: ColumnType<string, number, number>;
  due_at: string | null;
  warn_at: string | null;
  breached_at: string | null;
  stopped_at: string | null;
  breached_cycles: number;
  next_action_at: string | null;
  updated_at: Timestamp;
}

export interface SlaActionsTable {
  id: Generated<number>;
  organization_id: string;
  ticket_id: string;
  metric: string;
  cycle: number;
  kind: 'warning' | 'breach';
  due_at: string;
  fired_at: Generated<string>;
  actions: Json<string[]>;
}

export interface NotificationsTable {
  id: Generated<string>;
  organization_id: string;
  vendor_id: string | null;
  user_id: string;
  ticket_id: string | null;
  kind: string;
  title: string;
  data: Json<Record<string, unknown>>;
  created_at: CreatedAt;
  read_at: string | null;
}

export interface ServiceLevelTargetsTable {
  id: Generated<string>;
  organization_id: string;
  vendor_id: string;
  site_id: string | null;
  queue: string | null;
  channel: Channel | null;
  name: string;
  measure: 'first_reply' | 'resolution';
  threshold_seconds: number;
  business: Generated<boolean>;
  /** numeric(5,2) arrives as text */
  target_percent: ColumnType<string, number, number>;
  variant: number;
  short_abandon_seconds: Generated<number>;
  active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** The brand's comments on a vendor's monthly business review pack (migration 0020). */
export interface BusinessReviewCommentsTable {
  organization_id: string;
  vendor_id: string;
  /** YYYY-MM */
  month: string;
  body: string;
  updated_by: string | null;
  updated_at: Timestamp;
}

/** Packs mailed to a vendor's admins, one row per vendor, month and recipient (migration 0020). */
export interface BusinessReviewMailingsTable {
  organization_id: string;
  vendor_id: string;
  month: string;
  user_id: string;
  sent_at: CreatedAt;
}

/** Failed log-ins per client, per account and client, and per account (migration 0019). */
export interface LoginThrottlesTable {
  key: string;
  failures: number;
  window_started_at: string;
  blocked_until: string | null;
}

/** A consumer's failure on one event, retried with backoff, then dead until replayed (migration 0018). */
export interface OutboxFailuresTable {
  id: Generated<number>;
  event_id: number;
  organization_id: string;
  consumer: string;
  attempts: Generated<number>;
  last_error: string;
  first_failed_at: Generated<string>;
  last_failed_at: Generated<string>;
  next_attempt_at: string | null;
  dead_at: string | null;
}

export interface SlaRecomputeRequestsTable {
  organization_id: string;
  requested_at: Generated<string>;
  after_ticket_id: string | null;
  /** Actions due before this instant are recorded without effect (migration 0017). */
  acknowledge_before: string | null;
}

export type SurveyKind = 'csat' | 'nps' | 'ces';
export type SurveyDelivery = 'pending' | 'sent' | 'failed' | 'none';

export interface SurveySecretsTable {
  id: Generated<number>;
  secret: string;
  created_at: CreatedAt;
}

export interface SurveySettingsTable {
  organization_id: string;
  csat_enabled: Generated<boolean>;
  nps_enabled: Generated<boolean>;
  ces_enabled: Generated<boolean>;
  ces_lower_is_better: Generated<boolean>;
  updated_at: Generated<string>;
}

export interface SurveysTable {
  id: Generated<string>;
  organization_id: string;
  kind: SurveyKind;
  via: 'email' | 'chat';
  ticket_id: string | null;
  customer_id: string;
  recipient: string | null;
  vendor_id: string | null;
  site_id: string | null;
  team_id: string | null;
  agent_id: string | null;
  queue: string | null;
  channel: string | null;
  language: string | null;
  priority: string | null;
  delivery_status: Generated<SurveyDelivery>;
  attempts: Generated<number>;
  next_attempt_at: Generated<string>;
  leased_until: string | null;
  last_error: string | null;
  sent_at: string | null;
  answered_at: string | null;
  created_at: CreatedAt;
}

export interface SurveyResponsesTable {
  id: Generated<number>;
  survey_id: string;
  organization_id: string;
  vendor_id: string | null;
  version: number;
  score: number;
  comment: string | null;
  comment_search: ColumnType<string, never, never>;
  created_at: CreatedAt;
}

export type ActivityState = 'focused' | 'composing' | 'on_call';

export interface ActivitySpansTable {
  id: Generated<number>;
  organization_id: string;
  vendor_id: string | null;
  agent_id: string;
  ticket_id: string;
  state: ActivityState;
  started_at: string;
  last_at: string;
}

export interface OrderCountsTable {
  organization_id: string;
  hour: string;
  orders: number;
  updated_at: Generated<string>;
}

/** Counters are bigint, read as numbers (platform/db/database.ts). */
type Counter = ColumnType<number, number | string | undefined, number | string>;

export interface KpiHourlyTable {
  organization_id: string;
  hour: string;
  vendor_id: string | null;
  site_id: string | null;
  team_id: string | null;
  agent_id: string | null;
  queue: string | null;
  channel: string | null;
  language: string | null;
  priority: string | null;
  tickets_created: Counter;
  first_responses: Counter;
  first_response_ms: Counter;
  first_response_histogram: ColumnType<string[], string | undefined, string>;
  solved_first: Counter;
  resolution_first_ms: Counter;
  reopened: Counter;
  resolved_last: Counter;
  resolution_last_ms: Counter;
  resolution_histogram: ColumnType<string[], string | undefined, string>;
  fcr_resolved: Counter;
  fcr_met: Counter;
  handled: Counter;
  escalated: Counter;
  transferred: Counter;
  handle_contacts: Counter;
  handle_ms: Counter;
  calls_answered: Counter;
  answer_wait_ms: Counter;
  calls_abandoned: Counter;
  calls_short_abandoned: Counter;
  surveys_sent: Counter;
  surveys_answered: Counter;
  csat_responses: Counter;
  csat_good: Counter;
  nps_responses: Counter;
  nps_promoters: Counter;
  nps_detractors: Counter;
  ces_responses: Counter;
  ces_sum: Counter;
  sla_decided: Counter;
  sla_met: Counter;
}

/** A brand whose rollup predates the current definition, until the rebuild job rebuilds it. */
export interface KpiRollupOutdatedTable {
  organization_id: string;
  since: Generated<Timestamp>;
}

/** kpi_hourly summed by vendor: the same counters at the overview's grain. */
export type KpiVendorHourlyTable = Omit<
  KpiHourlyTable,
  'site_id' | 'team_id' | 'agent_id' | 'queue' | 'channel' | 'language' | 'priority'
>;

export interface KpiUnitsTable {
  organization_id: string;
  unit: string;
  rows: Json<unknown[]>;
  updated_at: Generated<string>;
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
  scim_tokens: ScimTokensTable;
  scim_users: ScimUsersTable;
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
  business_calendars: BusinessCalendarsTable;
  calendar_holidays: CalendarHolidaysTable;
  saved_views: SavedViewsTable;
  macros: MacrosTable;
  ticket_activity: TicketActivityTable;
  sla_policies: SlaPoliciesTable;
  sla_timers: SlaTimersTable;
  sla_actions: SlaActionsTable;
  notifications: NotificationsTable;
  service_level_targets: ServiceLevelTargetsTable;
  sla_recompute_requests: SlaRecomputeRequestsTable;
  outbox_failures: OutboxFailuresTable;
  login_throttles: LoginThrottlesTable;
  business_review_comments: BusinessReviewCommentsTable;
  business_review_mailings: BusinessReviewMailingsTable;
  agent_certifications: AgentCertificationsTable;
  routing_queues: RoutingQueuesTable;
  routing_rules: RoutingRulesTable;
  queue_allocations: QueueAllocationsTable;
  ticket_routing: TicketRoutingTable;
  routing_decisions: RoutingDecisionsTable;
  agent_loads: AgentLoadsTable;
  survey_secrets: SurveySecretsTable;
  survey_settings: SurveySettingsTable;
  surveys: SurveysTable;
  survey_responses: SurveyResponsesTable;
  activity_spans: ActivitySpansTable;
  order_counts: OrderCountsTable;
  kpi_hourly: KpiHourlyTable;
  kpi_vendor_hourly: KpiVendorHourlyTable;
  kpi_rollup_outdated: KpiRollupOutdatedTable;
  kpi_units: KpiUnitsTable;
  qa_scorecards: QaScorecardsTable;
  qa_scorecard_versions: QaScorecardVersionsTable;
  qa_reviews: QaReviewsTable;
  qa_review_revisions: QaReviewRevisionsTable;
  qa_disputes: QaDisputesTable;
  qa_sampling_rules: QaSamplingRulesTable;
  qa_sampling_runs: QaSamplingRunsTable;
  qa_assignments: QaAssignmentsTable;
  qa_coaching_sessions: QaCoachingSessionsTable;
  qa_coaching_actions: QaCoachingActionsTable;
  qa_voice_rules: QaVoiceRulesTable;
  qa_check_findings: QaCheckFindingsTable;
  qa_checked_messages: QaCheckedMessagesTable;
  qa_calibration_sessions: QaCalibrationSessionsTable;
  qa_calibration_tickets: QaCalibrationTicketsTable;
  qa_calibration_participants: QaCalibrationParticipantsTable;
  qa_calibration_scores: QaCalibrationScoresTable;
  vendor_contracts: VendorContractsTable;
  vendor_contract_versions: VendorContractVersionsTable;
  contract_reminders: ContractRemindersTable;
  vendor_invoices: VendorInvoicesTable;
  audit_log: AuditLogTable;
  vendor_invoice_claims: VendorInvoiceClaimsTable;
  vendor_invoice_reconciliation_events: VendorInvoiceReconciliationEventsTable;
  user_mfa: UserMfaTable;
  mfa_recovery_codes: MfaRecoveryCodesTable;
  mfa_challenges: MfaChallengesTable;
  mfa_policies: MfaPoliciesTable;
  data_keys: DataKeysTable;
  pii_masking_policies: PiiMaskingPoliciesTable;
  pii_reveals: PiiRevealsTable;
  sealed_custom_fields: SealedCustomFieldsTable;
  retention_policies: RetentionPoliciesTable;
  sso_providers: SsoProvidersTable;
  sso_links: SsoLinksTable;
  sso_login_states: SsoLoginStatesTable;
  inhouse_cost_models: InhouseCostModelsTable;
}

// The in-house cost model (migration 0037)
export interface InhouseCostModelsTable {
  organization_id: string;
  model: ColumnType<unknown, string, string>;
  updated_by: string | null;
  updated_at: Generated<string>;
}

// Single sign-on (migration 0035)
export interface SsoProvidersTable {
  id: Generated<string>;
  organization_id: string;
  vendor_id: string | null;
  name: string;
  issuer: string;
  client_id: string;
  client_secret: string;
  roles_claim: Generated<string>;
  role_map: ColumnType<Record<string, Role>, string | undefined, string>;
  default_role: Role | null;
  password_login: Generated<boolean>;
  enabled: Generated<boolean>;
  created_at: Generated<string>;
  updated_at: Generated<string>;
}

export interface SsoLinksTable {
  provider_id: string;
  subject: string;
  user_id: string;
  created_at: Generated<string>;
}

export interface SsoLoginStatesTable {
  state_hash: string;
  provider_id: string;
  code_verifier: string;
  nonce: string;
  redirect_to: string;
  expires_at: string;
}

// PII masking (migration 0033)
/** Per channel: how long attachments are kept, when closed tickets are redacted. 0034 */
export interface RetentionPoliciesTable {
  organization_id: string;
  channel: Channel;
  attachments_days: number | null;
  redact_closed_after_days: number | null;
  updated_by: string | null;
  updated_at: Generated<string>;
}

export interface PiiMaskingPoliciesTable {
  organization_id: string;
  masked_roles: MaskableRole[];
  reveal_roles: MaskableRole[];
  reveal_minutes: Generated<number>;
  updated_by: string | null;
  updated_at: Generated<string>;
}

// The brand's sealed custom fields (migration 0040)
export interface SealedCustomFieldsTable {
  organization_id: string;
  keys: string[];
  updated_by: string | null;
  updated_at: Generated<string>;
}

export interface PiiRevealsTable {
  id: Generated<string>;
  organization_id: string;
  vendor_id: string | null;
  user_id: string;
  customer_id: string;
  ticket_id: string | null;
  reason: string;
  created_at: Generated<string>;
  expires_at: string;
}

// Routing (migration 0014)
export interface AgentCertificationsTable {
  user_id: string;
  certification: string;
  granted_at: Generated<string>;
  expires_at: string | null;
}

export interface SkillRequirement {
  skill: string;
  min: number;
}

export interface RoutingQueuesTable {
  id: Generated<string>;
  organization_id: string;
  name: string;
  required_skills: Json<SkillRequirement[]>;
  required_certifications: Generated<string[]>;
  overflow_after_seconds: number | null;
  overflow_vendor_ids: Generated<string[]>;
  overflow_site_ids: Generated<string[]>;
  sticky_days: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface RuleConditions {
  channels?: Channel[];
  languages?: string[];
  tags_any?: string[];
  tiers?: string[];
  segments?: string[];
  custom_fields?: Record<string, string | number | boolean>;
  support_addresses?: string[];
  data_regions?: string[];
}

export interface RoutingRulesTable {
  id: Generated<string>;
  organization_id: string;
  position: number;
  name: Generated<string>;
  queue_id: string;
  conditions: Json<RuleConditions>;
  active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface QueueAllocationsTable {
  queue_id: string;
  vendor_id: string;
  organization_id: string;
  /** numeric arrives as a string from pg */
  share: ColumnType<string, number, number>;
  deficit: Generated<number>;
  assigned: ColumnType<string, number | undefined, number>;
  updated_at: Timestamp;
}

export const ROUTING_STATES = ['pending', 'waiting', 'assigned', 'done'] as const;
export type RoutingState = (typeof ROUTING_STATES)[number];

export interface TicketRoutingTable {
  ticket_id: string;
  organization_id: string;
  state: RoutingState;
  queue_id: string | null;
  pinned_vendor_id: string | null;
  pinned_team_id: string | null;
  waiting_since: Timestamp;
  next_attempt_at: Timestamp;
  overflowed_at: string | null;
  transfers: Generated<number>;
  last_summary: string | null;
  updated_at: Timestamp;
}

export const DECISION_OUTCOMES = ['assigned', 'waiting', 'manual', 'requeued', 'overflow'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

export interface RoutingDecisionsTable {
  id: Generated<string>;
  organization_id: string;
  ticket_id: string;
  queue_id: string | null;
  outcome: DecisionOutcome;
  trigger: string;
  vendor_id: string | null;
  site_id: string | null;
  agent_id: string | null;
  counted: Generated<boolean>;
  summary: string;
  candidates: Json<unknown[]>;
  created_at: CreatedAt;
}

export interface AgentLoadsTable {
  user_id: string;
  organization_id: string;
  vendor_id: string | null;
  site_id: string | null;
  online: Generated<boolean>;
  email: Generated<number>;
  chat: Generated<number>;
  phone: Generated<number>;
  web: Generated<number>;
  api: Generated<number>;
  social: Generated<number>;
  total: Generated<number>;
  last_assigned_at: string | null;
}

// QA scorecards and reviews (migration 0022)
export interface QaScorecardsTable {
  id: Generated<string>;
  organization_id: string;
  vendor_id: string | null;
  name: string;
  active: Generated<boolean>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** Immutable: the application role may only insert (migration 0022). */
export interface QaScorecardVersionsTable {
  id: Generated<string>;
  organization_id: string;
  scorecard_id: string;
  version: number;
  /** A ScorecardDefinition of modules/qa/scoring.ts. */
  definition: Json<unknown>;
  channels: Generated<string[]>;
  queues: Generated<string[]>;
  languages: Generated<string[]>;
  created_by: string | null;
  created_at: CreatedAt;
}

export const QA_REVIEW_STATES = ['draft', 'submitted'] as const;
export type QaReviewState = (typeof QA_REVIEW_STATES)[number];

export interface QaReviewsTable {
  id: Generated<string>;
  organization_id: string;
  scorecard_version_id: string;
  ticket_id: string;
  agent_id: string;
  vendor_id: string | null;
  reviewer_id: string;
  state: Generated<QaReviewState>;
  /** criterion id → {value, comment, message_id}. */
  answers: Json<Record<string, unknown>>;
  comment: string | null;
  score_numerator: number | null;
  score_denominator: number | null;
  score_percent: number | null;
  auto_failed: boolean | null;
  score_detail: ColumnType<unknown, string | null | undefined, string | null>;
  created_at: CreatedAt;
  updated_at: Timestamp;
  submitted_at: string | null;
}

// QA disputes, review revisions and calibration sessions (migration 0025)
/** Immutable: the application role may only insert. */
export interface QaReviewRevisionsTable {
  id: Generated<string>;
  organization_id: string;
  review_id: string;
  vendor_id: string | null;
  revision: number;
  answers: Json<Record<string, unknown>>;
  score_numerator: number;
  score_denominator: number;
  score_percent: number | null;
  auto_failed: boolean;
  score_detail: Json<unknown>;
  dispute_id: string | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export const QA_DISPUTE_STATES = ['open', 'accepted', 'rejected'] as const;
export type QaDisputeState = (typeof QA_DISPUTE_STATES)[number];

export interface QaDisputesTable {
  id: Generated<string>;
  organization_id: string;
  review_id: string;
  vendor_id: string | null;
  agent_id: string;
  criterion_id: string | null;
  reason: string;
  raised_by: string;
  state: Generated<QaDisputeState>;
  resolution_comment: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
  revision_id: string | null;
  created_at: CreatedAt;
}

/** QA sampling (migration 0028). targets: modules/qa/sampling.ts SamplingTargets. */
export interface QaSamplingRulesTable {
  id: Generated<string>;
  organization_id: string;
  vendor_id: string | null;
  name: string;
  scorecard_id: string;
  scope_vendor_id: string | null;
  per_agent: number;
  targets: Json<Record<string, unknown>>;
  reviewer_ids: string[];
  due_days: Generated<number>;
  active: Generated<boolean>;
  created_by: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface QaSamplingRunsTable {
  rule_id: string;
  week: string;
  organization_id: string;
  vendor_id: string | null;
  picked: number;
  ran_at: CreatedAt;
}

export interface QaAssignmentsTable {
  id: Generated<string>;
  organization_id: string;
  vendor_id: string | null;
  rule_id: string;
  week: string;
  ticket_id: string;
  agent_id: string;
  reviewer_id: string;
  reasons: Generated<string[]>;
  due_at: string;
  review_id: string | null;
  created_at: CreatedAt;
}

/** A coaching session with one agent about their submitted reviews (migration 0038). */
export interface QaCoachingSessionsTable {
  id: Generated<string>;
  organization_id: string;
  vendor_id: string | null;
  agent_id: string;
  coach_id: string;
  review_ids: string[];
  scheduled_at: string | null;
  status: Generated<'planned' | 'held' | 'cancelled'>;
  held_at: string | null;
  notes: string | null;
  created_by: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** An action item agreed in a coaching session (migration 0038); due_date is a day (YYYY-MM-DD). */
export interface QaCoachingActionsTable {
  id: Generated<string>;
  organization_id: string;
  vendor_id: string | null;
  session_id: string;
  description: string;
  due_date: string;
  status: Generated<'open' | 'done'>;
  completed_at: string | null;
  completed_by: string | null;
  follow_up: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** A voice rule's pattern (migration 0026): a literal phrase or the brand's regex source. */
export interface QaVoicePattern {
  kind: 'phrase' | 'regex';
  value: string;
}

export interface QaVoiceRulesTable {
  organization_id: string;
  /** ISO 639-1, or '*' for every language. */
  language: string;
  forbidden_phrases: Json<QaVoicePattern[]>;
  forbidden_promises: Json<QaVoicePattern[]>;
  greetings: Json<QaVoicePattern[]>;
  closings: Json<QaVoicePattern[]>;
  updated_by: string | null;
  updated_at: Generated<string>;
}

export const QA_CHECK_NAMES = [
  'forbidden_phrase',
  'missing_greeting',
  'missing_closing',
  'pii_leak',
  'language_mismatch',
  'forbidden_promise',
] as const;
export type QaCheckName = (typeof QA_CHECK_NAMES)[number];

export interface QaCheckFindingsTable {
  id: Generated<string>;
  organization_id: string;
  vendor_id: string | null;
  ticket_id: string;
  message_id: string;
  agent_id: string | null;
  check_name: QaCheckName;
  span_start: number | null;
  span_end: number | null;
  detail: string;
  dismissed_at: string | null;
  dismissed_by: string | null;
  dismiss_reason: string | null;
  created_at: CreatedAt;
}

export interface QaCheckedMessagesTable {
  message_id: string;
  organization_id: string;
  vendor_id: string | null;
  checked_at: Generated<string>;
}

export const QA_CALIBRATION_STATES = ['open', 'closed'] as const;
export type QaCalibrationState = (typeof QA_CALIBRATION_STATES)[number];

export interface QaCalibrationSessionsTable {
  id: Generated<string>;
  organization_id: string;
  vendor_id: string | null;
  name: string;
  scorecard_version_id: string;
  benchmark_reviewer_id: string;
  state: Generated<QaCalibrationState>;
  /** A SessionAlignment of modules/qa/calibration.ts, kept on close. */
  result: ColumnType<unknown, string | null | undefined, string | null>;
  created_by: string;
  created_at: CreatedAt;
  closed_at: string | null;
}

export interface QaCalibrationTicketsTable {
  session_id: string;
  ticket_id: string;
  organization_id: string;
  vendor_id: string | null;
}

export interface QaCalibrationParticipantsTable {
  session_id: string;
  user_id: string;
  organization_id: string;
  vendor_id: string | null;
}

/** Immutable: a participant's blind score of one conversation. */
export interface QaCalibrationScoresTable {
  id: Generated<string>;
  organization_id: string;
  vendor_id: string | null;
  session_id: string;
  ticket_id: string;
  reviewer_id: string;
  answers: Json<Record<string, unknown>>;
  submitted_at: CreatedAt;
}

// Vendor contracts and invoices (migration 0024)
export interface VendorContractsTable {
  id: Generated<string>;
  organization_id: string;
  vendor_id: string;
  name: string;
  /** YYYY-MM-DD, the term's last day; null: no fixed term (migration 0041). */
  term_ends_on: string | null;
  /** Notice period in days before the term end; null: none. */
  notice_days: number | null;
  auto_renews: Generated<boolean>;
  /** Months a renewal adds; required when auto_renews. */
  renewal_term_months: number | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** Reminders of a contract's notice deadline and term end, each sent once (migration 0041). */
export interface ContractRemindersTable {
  id: Generated<string>;
  organization_id: string;
  vendor_id: string;
  contract_id: string;
  kind: 'notice_30' | 'notice_7' | 'term_end';
  /** YYYY-MM-DD */
  due_on: string;
  sent_at: CreatedAt;
}

/** Terms are immutable; only effective_to is set, when the next version starts (migration 0024). */
export interface VendorContractVersionsTable {
  id: Generated<string>;
  organization_id: string;
  contract_id: string;
  version: number;
  /** YYYY-MM-DD, inclusive. */
  effective_from: ColumnType<string, string, never>;
  /** YYYY-MM-DD, exclusive; null: open-ended. */
  effective_to: string | null;
  currency: string;
  /** ContractTerms of modules/billing/invoice.ts, without the currency. */
  terms: ColumnType<unknown, string, never>;
  created_by: string | null;
  created_at: CreatedAt;
}

export const INVOICE_STATUSES = ['draft', 'approved'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export interface VendorInvoicesTable {
  id: Generated<string>;
  organization_id: string;
  vendor_id: string;
  contract_id: string;
  month: string;
  status: Generated<InvoiceStatus>;
  lines: Json<unknown>;
  totals: Json<unknown>;
  notes: Json<unknown>;
  inputs: Json<unknown>;
  computed_at: string;
  computed_by: string | null;
  approved_by: string | null;
  approved_at: string | null;
  created_at: CreatedAt;
}

// Audit log (migration 0027): append-only, hash-chained per organization (modules/audit/chain.ts).
export interface AuditLogTable {
  id: Generated<string>;
  organization_id: string;
  seq: number;
  occurred_at: Timestamp;
  actor_user_id: string | null;
  actor_label: string;
  vendor_id: string | null;
  action: string;
  object_type: string;
  object_id: string | null;
  details: Json<unknown>;
  prev_hash: string;
  hash: string;
}

/** The vendor's own invoice for a Tandem invoice; a resubmission is a new version (migration 0029). */
export interface VendorInvoiceClaimsTable {
  id: Generated<string>;
  organization_id: string;
  vendor_id: string;
  invoice_id: string;
  version: number;
  source: 'json' | 'csv';
  /** ClaimLine[] of modules/billing/reconcile.ts. */
  lines: Json<unknown>;
  /** Total per currency, minor units. */
  totals: Json<unknown>;
  submitted_by: string | null;
  submitted_at: CreatedAt;
}

/** Comments, accepts and disputes of an invoice's reconciliation; append-only (migration 0029). */
export interface VendorInvoiceReconciliationEventsTable {
  id: Generated<string>;
  organization_id: string;
  vendor_id: string;
  invoice_id: string;
  kind: 'comment' | 'accept' | 'dispute';
  claim_version: number | null;
  line_key: string | null;
  comment: string;
  author_id: string;
  created_at: CreatedAt;
}

export type Row<T extends keyof DB> = Selectable<DB[T]>;
export type NewRow<T extends keyof DB> = Insertable<DB[T]>;
export type RowUpdate<T extends keyof DB> = Updateable<DB[T]>;

// Multi-factor authentication (migration 0030)
/** Data keys wrapped by the KEK (migration 0031); written only by platform/crypto/key-repository.ts. */
export interface DataKeysTable {
  id: string;
  kek_id: string;
  wrapped_key: string;
  active: Generated<boolean>;
  created_at: CreatedAt;
  retired_at: string | null;
  rewrapped_at: string | null;
}

export interface UserMfaTable {
  user_id: string;
  organization_id: string;
  secret: string;
  confirmed_at: string | null;
  /** bigint, read as a number (platform/db/database.ts). */
  last_step: number | null;
  created_at: CreatedAt;
}

export interface MfaRecoveryCodesTable {
  user_id: string;
  code_hash: string;
  used_at: string | null;
}

export type MfaChallengePurpose = 'verify' | 'enrol';

export interface MfaChallengesTable {
  token_hash: string;
  user_id: string;
  purpose: MfaChallengePurpose;
  expires_at: string;
  created_at: CreatedAt;
}

export type MfaPolicyMode = 'none' | 'all' | 'selected';

export interface MfaPoliciesTable {
  organization_id: string;
  mode: MfaPolicyMode;
  brand_staff: Generated<boolean>;
  vendor_ids: Generated<string[]>;
  updated_at: Timestamp;
}
