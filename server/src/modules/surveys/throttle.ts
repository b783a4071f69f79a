/**
 * Whether a customer may be sent another survey: at most one per `days` (0: no limit), counting
 * every survey kind and channel, so a busy customer is not asked after every contact.
 */
export function maySurvey(lastSurveyAt: Date | null, now: Date, days: number): boolean {
  if (days === 0 || lastSurveyAt === null) return true;
  return now.getTime() - lastSurveyAt.getTime() >= days * 86_400_000;
}

export const SCALES = {
  csat: { min: 1, max: 5 },
  ces: { min: 1, max: 7 },
  nps: { min: 0, max: 10 },
} as const;
export type SurveyKind = keyof typeof SCALES;

export function validScore(kind: SurveyKind, score: number): boolean {
  return Number.isInteger(score) && score >= SCALES[kind].min && score <= SCALES[kind].max;
}
