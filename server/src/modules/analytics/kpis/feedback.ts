import { type Figure, ratio } from './ratio.js';

/** CSAT = responses at 4 or 5 (1–5 scale) / all responses. */
export function csat(scores: readonly number[]): Figure {
  return csatFromCounts(scores.length, scores.filter((s) => s >= 4).length);
}
export function csatFromCounts(responses: number, good: number): Figure {
  return ratio(good, responses, 'csat.top2_of_5');
}

/** Response rate = answered surveys / sent surveys, shown beside CSAT, NPS and CES. */
export function responseRate(sent: number, answered: number): Figure {
  return ratio(answered, sent, 'response_rate.answered_per_sent');
}

export const isPromoter = (score: number) => score >= 9;
export const isDetractor = (score: number) => score <= 6;

/** NPS = % promoters (9–10) − % detractors (0–6), −100..100. */
export function nps(scores: readonly number[]): Figure {
  return npsFromCounts(scores.length, scores.filter(isPromoter).length, scores.filter(isDetractor).length);
}
export function npsFromCounts(responses: number, promoters: number, detractors: number): Figure {
  return {
    value: responses > 0 ? (100 * (promoters - detractors)) / responses : null,
    numerator: promoters - detractors,
    denominator: responses,
    variant: 'nps.promoters_9_10_minus_detractors_0_6',
  };
}

/** CES = mean of a 1–7 effort scale; which end is better is the brand's setting. */
export function ces(responses: number, sum: number, lowerIsBetter: boolean): Figure {
  return ratio(sum, responses, lowerIsBetter ? 'ces.mean_1_7.lower_better' : 'ces.mean_1_7.higher_better');
}
