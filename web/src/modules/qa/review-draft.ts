import { answerProblems, scaleValues, scoreReview } from '../../api/server-schemas';
import type { Answer, ReviewPatch, ScorecardDefinition } from './queries';

export type Answers = Record<string, Answer>;
type Value = Answer['value'];

/** Just the values, as the server's scoring reads them. */
const valuesOf = (answers: Answers): Record<string, Value> =>
  Object.fromEntries(Object.entries(answers).map(([id, a]) => [id, a.value]));

/**
 * How the draft stands: how many criteria are answered, and — once every one is — the score the
 * server will store on submit, computed by the server's own pure scoring (qa/scoring.ts), so the
 * figure a reviewer sees before submitting is the one that lands.
 */
export function draftStanding(definition: ScorecardDefinition, answers: Answers) {
  const criteria = definition.sections.flatMap((s) => s.criteria);
  const values = valuesOf(answers);
  const answered = criteria.filter((c) => c.id in values).length;
  const problems = answerProblems(definition, values, { requireAll: true });
  return {
    answered,
    total: criteria.length,
    problems,
    score: problems.length === 0 ? scoreReview(definition, values) : null,
  };
}

/** The choices a criterion offers, lowest first, with N/A when the criterion allows it. */
export function choicesFor(criterion: ScorecardDefinition['sections'][number]['criteria'][number]) {
  const values = scaleValues(criterion.scale).map((v) => ({
    value: String(v),
    label: criterion.scale.kind === 'binary' ? (v === 1 ? 'Yes' : 'No') : String(v),
  }));
  return criterion.na_allowed ? [...values, { value: 'n/a', label: 'N/A' }] : values;
}

const same = (a: Answer | undefined, b: Answer | undefined) =>
  a?.value === b?.value &&
  (a?.comment ?? null) === (b?.comment ?? null) &&
  (a?.message_id ?? null) === (b?.message_id ?? null);

/**
 * The PATCH that turns the saved answers into the edited ones, naming only what changed (a PATCH
 * changes only the fields it names): a criterion cleared is null, a changed one carries its fields.
 * Null when nothing changed.
 */
export function answersPatch(saved: Answers, edited: Answers): ReviewPatch['answers'] | null {
  const patch: NonNullable<ReviewPatch['answers']> = {};
  for (const id of new Set([...Object.keys(saved), ...Object.keys(edited)])) {
    const before = saved[id];
    const after = edited[id];
    if (same(before, after)) continue;
    patch[id] = after
      ? { value: after.value, comment: after.comment ?? null, message_id: after.message_id ?? null }
      : null;
  }
  return Object.keys(patch).length ? patch : null;
}

/** "72.5 %" — one decimal, as the API's percent; a dash when there is no denominator. */
export const percentText = (percent: number | null | undefined) =>
  percent === null || percent === undefined ? '–' : `${(Math.round(percent * 10) / 10).toFixed(1)} %`;
