import type { z } from 'zod';
import type { QaVoicePattern, Row } from '../../platform/db/schema.js';
import type { Actor, Tx } from '../../platform/db/transaction.js';
import { Conflict, Forbidden, NotFound } from '../../platform/errors.js';
import { decodeCursor, toPage } from '../../platform/http/pagination.js';
import { runChecks, type VoiceRuleSet } from './checks.js';
import * as repo from './checks.repository.js';
import type { findingListQuery, voiceRulesPut } from './checks.schemas.js';

/**
 * Automated checks: the brand's voice rules, the findings on agents' public replies (written by the
 * outbox consumer in consumer.ts) and their dismissal. docs/qa.md#automated-checks.
 */

type Finding = Row<'qa_check_findings'>;

export const findingView = (f: Finding) => {
  const { check_name, span_start, span_end, organization_id: _org, ...rest } = f;
  return {
    ...rest,
    check: check_name,
    span: span_start === null || span_end === null ? null : { start: span_start, end: span_end },
  };
};

export const ruleSet = (r: Row<'qa_voice_rules'>): VoiceRuleSet => ({
  language: r.language,
  forbiddenPhrases: r.forbidden_phrases as QaVoicePattern[],
  forbiddenPromises: r.forbidden_promises as QaVoicePattern[],
  greetings: r.greetings as QaVoicePattern[],
  closings: r.closings as QaVoicePattern[],
});

export async function listVoiceRules(tx: Tx) {
  return { items: await repo.voiceRules(tx) };
}

export async function putVoiceRules(
  tx: Tx,
  actor: Actor,
  language: string,
  input: z.output<typeof voiceRulesPut>,
) {
  if (actor.vendorId !== null || actor.role !== 'brand_admin')
    throw new Forbidden('Voice rules are the brand’s: only a brand admin changes them');
  return repo.upsertVoiceRules(tx, {
    organization_id: actor.organizationId,
    language,
    forbidden_phrases: JSON.stringify(input.forbidden_phrases),
    forbidden_promises: JSON.stringify(input.forbidden_promises),
    greetings: JSON.stringify(input.greetings),
    closings: JSON.stringify(input.closings),
    updated_by: actor.userId,
  });
}

/** Findings the actor may see (row-level security keeps a vendor to its own), newest first. */
export async function listFindings(tx: Tx, query: z.output<typeof findingListQuery>) {
  const rows = await repo.listFindings(
    tx,
    {
      ticketId: query.ticket_id,
      agentId: query.agent_id,
      check: query.check,
      dismissed: query.dismissed,
      from: query.from,
      to: query.to,
    },
    query.limit,
    decodeCursor(query.cursor),
  );
  const page = toPage(rows, query.limit, (f) => f.created_at);
  return { items: page.items.map(findingView), nextCursor: page.nextCursor };
}

export async function dismissFinding(tx: Tx, actor: Actor, id: string, reason: string) {
  const finding = await repo.findFinding(tx, id, { lock: true });
  // Row-level security hides other vendors' findings; the explicit check says so twice.
  if (!finding || (actor.vendorId !== null && finding.vendor_id !== actor.vendorId))
    throw new NotFound('No such finding');
  if (finding.dismissed_at !== null)
    throw new Conflict('The finding is dismissed already', [{ path: 'params.id', message: 'dismissed' }]);
  return findingView(await repo.dismissFinding(tx, id, actor.userId, reason));
}

/** Runs the checks on each agent reply not checked before and stores what they find. */
export async function checkReplies(tx: Tx, messageIds: string[]) {
  const replies = await repo.claimReplies(tx, messageIds);
  if (!replies.length) return;
  const rules = await repo.voiceRulesOf(tx, [...new Set(replies.map((r) => r.organization_id))]);
  for (const reply of replies) {
    const findings = runChecks({
      text: reply.text,
      customerText: reply.customer_text,
      customerLanguage: reply.language,
      rules: rules.filter((r) => r.organization_id === reply.organization_id).map(ruleSet),
    });
    await repo.insertFindings(
      tx,
      findings.map((f) => ({
        organization_id: reply.organization_id,
        vendor_id: reply.vendor_id,
        ticket_id: reply.ticket_id,
        message_id: reply.message_id,
        agent_id: reply.agent_id,
        check_name: f.check,
        span_start: f.span?.start ?? null,
        span_end: f.span?.end ?? null,
        detail: f.detail.slice(0, 2000),
      })),
    );
  }
}
