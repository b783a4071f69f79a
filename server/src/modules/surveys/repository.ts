import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { affected, ERASED, type ErasureScope } from '../../platform/db/erasure.js';
import type { DB, NewRow, Row } from '../../platform/db/schema.js';
import { type Tx, withSystem } from '../../platform/db/transaction.js';

/** SQL for surveys: the rows, their answer versions, the delivery queue and comment search. */

export async function loadOrCreateSecret(db: Kysely<DB>): Promise<string> {
  return withSystem(db, async (tx) => {
    await tx
      .insertInto('survey_secrets')
      .values({ secret: randomBytes(32).toString('base64url') })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    return (await tx.selectFrom('survey_secrets').select('secret').executeTakeFirstOrThrow()).secret;
  });
}

export async function settings(tx: Tx, organizationId: string) {
  const row = await tx
    .selectFrom('survey_settings')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  return (
    row ?? {
      organization_id: organizationId,
      csat_enabled: true,
      nps_enabled: true,
      ces_enabled: false,
      ces_lower_is_better: true,
      updated_at: new Date(0).toISOString(),
    }
  );
}

export function saveSettings(tx: Tx, organizationId: string, values: Partial<Row<'survey_settings'>>) {
  const { organization_id: _, updated_at: __, ...fields } = values;
  return tx
    .insertInto('survey_settings')
    .values({ organization_id: organizationId, ...fields })
    .onConflict((c) => c.column('organization_id').doUpdateSet({ ...fields, updated_at: sql<string>`now()` }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** When each customer was last sent (or asked) any survey. */
export async function lastSurveyed(tx: Tx, customerIds: string[]) {
  if (!customerIds.length) return new Map<string, string>();
  const rows = await tx
    .selectFrom('surveys')
    .select(['customer_id', (eb) => eb.fn.max('created_at').as('last')])
    .where('customer_id', 'in', customerIds)
    .groupBy('customer_id')
    .execute();
  return new Map(rows.map((r) => [r.customer_id, r.last as string]));
}

/** Solved tickets with what a survey snapshots, and the customer's first email address. */
export function solvedTickets(tx: Tx, ids: string[]) {
  return tx
    .selectFrom('tickets as t')
    .select([
      't.id',
      't.organization_id',
      't.customer_id',
      't.status',
      't.vendor_id',
      't.site_id',
      't.team_id',
      't.agent_id',
      't.queue',
      't.channel',
      't.language',
      't.priority',
      (eb) =>
        eb
          .selectFrom('customer_identities as i')
          .select('i.value')
          .whereRef('i.customer_id', '=', 't.customer_id')
          .where('i.kind', '=', 'email')
          .orderBy('i.created_at')
          .limit(1)
          .as('email'),
    ])
    .where('t.id', 'in', ids)
    .execute();
}

export async function insertSurveys(tx: Tx, rows: NewRow<'surveys'>[]) {
  if (!rows.length) return [];
  return tx
    .insertInto('surveys')
    .values(rows)
    .onConflict((c) => c.columns(['ticket_id', 'kind']).where('ticket_id', 'is not', null).doNothing())
    .returning(['id', 'organization_id', 'vendor_id'])
    .execute();
}

export function findSurvey(tx: Tx, id: string, options: { lock?: boolean } = {}) {
  let q = tx.selectFrom('surveys').selectAll().where('id', '=', id);
  if (options.lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export function findTicketSurvey(tx: Tx, ticketId: string, kind: 'csat') {
  return tx
    .selectFrom('surveys')
    .selectAll()
    .where('ticket_id', '=', ticketId)
    .where('kind', '=', kind)
    .forUpdate()
    .executeTakeFirst();
}

export function latestResponse(tx: Tx, surveyId: string) {
  return tx
    .selectFrom('survey_responses')
    .selectAll()
    .where('survey_id', '=', surveyId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function insertResponse(tx: Tx, row: NewRow<'survey_responses'>) {
  return tx.insertInto('survey_responses').values(row).returningAll().executeTakeFirstOrThrow();
}

export function markAnswered(tx: Tx, surveyId: string) {
  return tx
    .updateTable('surveys')
    .set({ answered_at: sql<string>`coalesce(answered_at, date_trunc('milliseconds', now()))` })
    .where('id', '=', surveyId)
    .returning('answered_at')
    .executeTakeFirstOrThrow();
}

export async function claimDue(tx: Tx, limit: number, leaseSeconds: number) {
  const { rows } = await sql<Row<'surveys'>>`
    with due as (
      select id from surveys
      where delivery_status = 'pending' and via = 'email' and next_attempt_at <= now()
        and (leased_until is null or leased_until < now())
      order by next_attempt_at limit ${limit} for update skip locked
    )
    update surveys s set leased_until = now() + make_interval(secs => ${leaseSeconds}), attempts = s.attempts + 1
    from due where s.id = due.id
    returning s.*`.execute(tx);
  return rows;
}

export function recordAttempt(
  tx: Tx,
  id: string,
  outcome: { status: 'pending' | 'sent' | 'failed'; error: string | null; retryInMs: number | null },
) {
  return tx
    .updateTable('surveys')
    .set({
      delivery_status: outcome.status,
      last_error: outcome.error,
      leased_until: null,
      ...(outcome.status === 'sent' ? { sent_at: sql<string>`date_trunc('milliseconds', now())` } : {}),
      ...(outcome.retryInMs !== null
        ? { next_attempt_at: sql<string>`now() + make_interval(secs => ${outcome.retryInMs / 1000})` }
        : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** The newest version of each answer, optionally matching a full-text query on the comment. */
export function searchResponses(
  tx: Tx,
  filter: { q?: string | undefined; kind?: string | undefined; vendorId: string | null; limit: number },
) {
  let q = tx
    .selectFrom('survey_responses as r')
    .innerJoin('surveys as s', 's.id', 'r.survey_id')
    .select([
      's.id as survey_id',
      's.kind',
      's.via',
      's.ticket_id',
      's.vendor_id',
      's.site_id',
      's.team_id',
      's.agent_id',
      'r.version',
      'r.score',
      'r.comment',
      'r.created_at',
      's.answered_at',
    ])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('survey_responses as newer')
            .select('newer.id')
            .whereRef('newer.survey_id', '=', 'r.survey_id')
            .whereRef('newer.version', '>', 'r.version'),
        ),
      ),
    );
  if (filter.vendorId) q = q.where('s.vendor_id', '=', filter.vendorId);
  if (filter.kind) q = q.where('s.kind', '=', filter.kind as 'csat');
  if (filter.q) q = q.where(sql<boolean>`r.comment_search @@ websearch_to_tsquery('simple', ${filter.q})`);
  return q.orderBy('r.created_at', 'desc').limit(filter.limit).execute();
}

export function versions(tx: Tx, surveyId: string) {
  return tx
    .selectFrom('survey_responses')
    .select(['version', 'score', 'comment', 'created_at'])
    .where('survey_id', '=', surveyId)
    .orderBy('version')
    .execute();
}

/** Customers with a solved contact in the last `days`, and their latest such ticket. */
export async function recentlySolvedCustomers(tx: Tx, days: number) {
  const { rows } = await sql<{ ticket_id: string }>`
    select distinct on (t.customer_id) t.id as ticket_id
    from tickets t
    where t.solved_at >= now() - make_interval(days => ${days})
    order by t.customer_id, t.solved_at desc`.execute(tx);
  return rows.map((r) => r.ticket_id);
}

/**
 * Erasure: a survey keeps its kind, score, vendor and times (they are KPI inputs) and loses the
 * address it went to; the customer's free-text comments are overwritten.
 */
export async function eraseSurveys(tx: Tx, scope: ErasureScope) {
  const surveys = await sql<{ id: string }>`
    update surveys set recipient = null
    where customer_id = any(${scope.customerIds}::uuid[]) or ticket_id = any(${scope.ticketIds}::uuid[])
    returning id`.execute(tx);
  const ids = surveys.rows.map((r) => r.id);
  const responses = await sql`
    update survey_responses set comment = ${ERASED}
    where survey_id = any(${ids}::uuid[]) and comment is not null`.execute(tx);
  return { surveys: ids.length, survey_responses: affected(responses) };
}
