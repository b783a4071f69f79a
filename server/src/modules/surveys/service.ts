import type { Config } from '../../platform/config.js';
import type { NewRow, Row } from '../../platform/db/schema.js';
import type { Actor, Tx } from '../../platform/db/transaction.js';
import { Conflict, Forbidden, Invalid, NotFound } from '../../platform/errors.js';
import { emit } from '../../platform/events.js';
import * as repo from './repository.js';
import { maySurvey, SCALES, type SurveyKind, validScore } from './throttle.js';
import { signEditToken, verifyEditToken } from './token.js';

type SurveyConfig = Pick<Config, 'TANDEM_SURVEY_THROTTLE_DAYS' | 'TANDEM_SURVEY_EDIT_HOURS'>;

/**
 * Creates email surveys of the given kinds for tickets, snapshotting who handled each contact. A
 * customer without an email address, or surveyed within the throttle period, gets none. Safe to
 * run twice: a ticket has at most one survey of each kind.
 */
export async function createEmailSurveys(
  tx: Tx,
  ticketIds: string[],
  kindsFor: (settings: Row<'survey_settings'>) => SurveyKind[],
  config: SurveyConfig,
  now = new Date(),
  options: { skipChannels?: string[] } = {},
) {
  if (!ticketIds.length) return 0;
  const tickets = await repo.solvedTickets(tx, ticketIds);
  const last = await repo.lastSurveyed(tx, [...new Set(tickets.map((t) => t.customer_id))]);
  const settingsByOrg = new Map<string, Row<'survey_settings'>>();
  const rows: NewRow<'surveys'>[] = [];
  for (const t of tickets) {
    if (!t.email || options.skipChannels?.includes(t.channel)) continue;
    const lastAt = last.get(t.customer_id);
    if (!maySurvey(lastAt ? new Date(lastAt) : null, now, config.TANDEM_SURVEY_THROTTLE_DAYS)) continue;
    let settings = settingsByOrg.get(t.organization_id);
    if (!settings) {
      settings = await repo.settings(tx, t.organization_id);
      settingsByOrg.set(t.organization_id, settings);
    }
    const kinds = kindsFor(settings);
    if (!kinds.length) continue;
    last.set(t.customer_id, now.toISOString()); // one throttle slot per customer in this batch
    for (const kind of kinds) {
      rows.push({
        organization_id: t.organization_id,
        kind,
        via: 'email',
        ticket_id: t.id,
        customer_id: t.customer_id,
        recipient: t.email,
        vendor_id: t.vendor_id,
        site_id: t.site_id,
        team_id: t.team_id,
        agent_id: t.agent_id,
        queue: t.queue,
        channel: t.channel,
        language: t.language,
        priority: t.priority,
      });
    }
  }
  return (await repo.insertSurveys(tx, rows)).length;
}

export interface AnswerInput {
  score?: number | undefined;
  comment?: string | undefined;
  edit?: string | undefined;
}

/**
 * Records an answer. The first answer needs only the survey's own token (verified by the caller);
 * afterwards that token is spent, and a change needs the edit token given with the first answer,
 * within the edit window. Every change is a new version; none is overwritten.
 */
export async function answerSurvey(
  tx: Tx,
  secret: string,
  surveyId: string,
  input: AnswerInput,
  config: SurveyConfig,
  now = new Date(),
) {
  const survey = await repo.findSurvey(tx, surveyId, { lock: true });
  if (!survey) throw new NotFound('Survey', surveyId);
  const previous = await repo.latestResponse(tx, surveyId);
  if (previous) {
    if (!input.edit) {
      throw new Conflict('This survey has already been answered; its link works once', [
        { path: 'params.token', message: 'already used' },
      ]);
    }
    const check = verifyEditToken(secret, surveyId, input.edit, now);
    if (check !== 'ok') {
      throw new Forbidden(
        check === 'expired' ? 'The time to change this answer has passed' : 'Not a valid edit token',
        [{ path: 'body.edit', message: check }],
      );
    }
  }
  const score = input.score ?? previous?.score;
  if (score === undefined)
    throw new Invalid('A score is required', [{ path: 'body.score', message: 'required' }]);
  if (!validScore(survey.kind, score)) {
    const { min, max } = SCALES[survey.kind];
    throw new Invalid('The score is out of range', [
      { path: 'body.score', message: `an integer from ${min} to ${max}` },
    ]);
  }
  const comment = input.comment === undefined ? (previous?.comment ?? null) : input.comment.trim() || null;
  const response = await repo.insertResponse(tx, {
    survey_id: surveyId,
    organization_id: survey.organization_id,
    vendor_id: survey.vendor_id,
    version: (previous?.version ?? 0) + 1,
    score,
    comment,
  });
  const { answered_at } = await repo.markAnswered(tx, surveyId);
  await emit(tx, {
    organizationId: survey.organization_id,
    vendorId: survey.vendor_id,
    type: 'survey.responded',
    subjectId: surveyId,
    payload: { kind: survey.kind, version: response.version },
  });
  const editUntil = new Date(new Date(answered_at!).getTime() + config.TANDEM_SURVEY_EDIT_HOURS * 3_600_000);
  return {
    survey,
    response,
    editToken: editUntil > now ? signEditToken(secret, surveyId, editUntil) : null,
    editUntil,
  };
}

/** Chat end: the visitor's rating answers the chat ticket's CSAT survey, creating it if none was sent. */
export async function rateChat(
  tx: Tx,
  secret: string,
  ticket: Row<'tickets'>,
  input: AnswerInput & { score: number },
  config: SurveyConfig,
) {
  let survey = await repo.findTicketSurvey(tx, ticket.id, 'csat');
  if (!survey) {
    await repo.insertSurveys(tx, [
      {
        organization_id: ticket.organization_id,
        kind: 'csat',
        via: 'chat',
        ticket_id: ticket.id,
        customer_id: ticket.customer_id,
        vendor_id: ticket.vendor_id,
        site_id: ticket.site_id,
        team_id: ticket.team_id,
        agent_id: ticket.agent_id,
        queue: ticket.queue,
        channel: ticket.channel,
        language: ticket.language,
        priority: ticket.priority,
        delivery_status: 'none',
        sent_at: new Date().toISOString(),
      },
    ]);
    survey = await repo.findTicketSurvey(tx, ticket.id, 'csat');
  }
  return answerSurvey(tx, secret, survey!.id, input, config);
}

export async function searchResponses(
  tx: Tx,
  actor: Actor,
  query: { q?: string | undefined; kind?: string | undefined; limit: number },
) {
  return repo.searchResponses(tx, { ...query, vendorId: actor.vendorId });
}

export async function surveyDetail(tx: Tx, id: string) {
  const survey = await repo.findSurvey(tx, id);
  if (!survey) throw new NotFound('Survey', id);
  return { survey, versions: await repo.versions(tx, id) };
}
