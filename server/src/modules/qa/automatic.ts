import type { QaCheckName } from '../../platform/db/schema.js';
import { type Criterion, type ScorecardDefinition, scaleRange } from './scoring.js';

/**
 * Automatic criteria (docs/qa.md#automatic-criteria): a scorecard criterion bound to automated
 * check kinds is pre-scored from the findings on the reviewed agent's replies to the ticket. Pure:
 * the same findings always give the same answer, whatever order they come in.
 *
 * - No open (non-dismissed) finding of the criterion's checks → the scale's highest value.
 * - One or more → the scale's lowest value; a critical criterion then fails as any other would
 *   (scoring.ts), so a leaked card number on a "no personal data" review-critical criterion
 *   sets the review to 0.
 * - The finding ids are the evidence, kept on the answer.
 * - The reviewer may override the value with a comment; the answer then says `overridden`.
 */

export interface FindingFact {
  id: string;
  check: QaCheckName;
  dismissed: boolean;
}

export interface AutomaticAnswer {
  /** The value the findings give. */
  value: number;
  /** The open findings that gave it, sorted; empty: nothing found, full score. */
  finding_ids: string[];
}

export type AnswerSource = 'automatic' | 'overridden';

/** An answer as a review stores it; `source` and `automatic` only on automatic criteria. */
export interface StoredAnswer {
  value: number | 'n/a';
  comment?: string | null;
  message_id?: string | null;
  source?: AnswerSource;
  automatic?: AutomaticAnswer;
}

export const isAutomatic = (c: Criterion): c is Criterion & { automatic: { checks: readonly string[] } } =>
  Boolean(c.automatic && c.automatic.checks.length > 0);

export const automaticCriteria = (definition: ScorecardDefinition) =>
  definition.sections.flatMap((s) => s.criteria).filter(isAutomatic);

/** The answer the findings give this automatic criterion. */
export function automaticAnswer(
  criterion: Criterion & { automatic: { checks: readonly string[] } },
  findings: readonly FindingFact[],
): AutomaticAnswer {
  const checks = new Set(criterion.automatic.checks);
  const ids = [
    ...new Set(findings.filter((f) => !f.dismissed && checks.has(f.check)).map((f) => f.id)),
  ].sort();
  const { min, max } = scaleRange(criterion.scale);
  return { value: ids.length ? min : max, finding_ids: ids };
}

/** criterion id → its automatic answer, for every automatic criterion of the version. */
export function automaticAnswers(
  definition: ScorecardDefinition,
  findings: readonly FindingFact[],
): Record<string, AutomaticAnswer> {
  return Object.fromEntries(automaticCriteria(definition).map((c) => [c.id, automaticAnswer(c, findings)]));
}

export interface SettleProblem {
  criterionId: string;
  message: string;
}

/**
 * Brings a review's answers in line with its automatic criteria:
 * - an automatic criterion without an answer takes the findings' answer (`fresh`), with the finding
 *   ids as evidence, `source: 'automatic'`;
 * - an answered one keeps the evidence it was drafted with (a finding dismissed later does not move
 *   it), and says `overridden` when its value differs from the evidence's;
 * - an override needs a comment (unless `requireComment` is false: a dispute's resolution carries it);
 * - other criteria carry neither `source` nor `automatic`.
 */
export function settleAutomatic(
  definition: ScorecardDefinition,
  answers: Readonly<Record<string, StoredAnswer>>,
  fresh: Readonly<Record<string, AutomaticAnswer>>,
  options: { requireComment: boolean } = { requireComment: true },
): { answers: Record<string, StoredAnswer>; problems: SettleProblem[] } {
  const settled: Record<string, StoredAnswer> = {};
  for (const [id, a] of Object.entries(answers)) {
    const { source: _s, automatic: _a, ...plain } = a;
    settled[id] = plain;
  }
  const problems: SettleProblem[] = [];
  for (const c of automaticCriteria(definition)) {
    const given = answers[c.id];
    const evidence = given?.automatic ?? fresh[c.id];
    if (!evidence) continue;
    const answer = given ? settled[c.id]! : { value: evidence.value, comment: null, message_id: null };
    const source: AnswerSource = answer.value === evidence.value ? 'automatic' : 'overridden';
    settled[c.id] = { ...answer, source, automatic: evidence };
    if (source === 'overridden' && options.requireComment && !answer.comment?.trim())
      problems.push({ criterionId: c.id, message: 'say why you override the automatic answer (comment)' });
  }
  return { answers: settled, problems };
}
