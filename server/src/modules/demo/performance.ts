/**
 * How each site of the demo performs, so the vendors differ the way real ones do: Pacific (Manila)
 * is slower on chat and email and misses its chat service level, Andes (Bogotá, Lisbon) answers fast
 * and scores the best CSAT, the in-house team sits in between and takes the escalations.
 * Times are medians of right-skewed (log-normal) draws.
 */
export interface SitePerformance {
  /** first reply on chat */
  chatReplySeconds: number;
  /** first reply on email, web, social and API */
  writtenReplyHours: number;
  /** written tickets: first reply to solve */
  resolveHours: number;
  /** phone: wait in queue before an answer */
  answerSeconds: number;
  /** share of offered calls the caller hangs up on before an answer */
  abandonRate: number;
  talkSeconds: number;
  /** share of assigned tickets moved to another queue before the first reply */
  transferRate: number;
  /** share of solved tickets the customer reopens */
  reopenRate: number;
  /** share of solved English tickets handed to the in-house team (outsourced sites only) */
  escalateRate: number;
  /** share of CSAT answers at 4 or 5 */
  csatGood: number;
  npsPromoters: number;
  npsDetractors: number;
  /** mean customer effort, 1 (easy) to 7 */
  effort: number;
  /** share of surveys answered */
  responseRate: number;
}

export const SITE_PERFORMANCE: Record<string, SitePerformance> = {
  manila: {
    chatReplySeconds: 26,
    writtenReplyHours: 1.4,
    resolveHours: 28,
    answerSeconds: 48,
    abandonRate: 0.1,
    talkSeconds: 330,
    transferRate: 0.09,
    reopenRate: 0.09,
    escalateRate: 0.05,
    csatGood: 0.72,
    npsPromoters: 0.36,
    npsDetractors: 0.28,
    effort: 3.6,
    responseRate: 0.27,
  },
  bogota: {
    chatReplySeconds: 12,
    writtenReplyHours: 0.9,
    resolveHours: 11,
    answerSeconds: 20,
    abandonRate: 0.05,
    talkSeconds: 300,
    transferRate: 0.05,
    reopenRate: 0.04,
    escalateRate: 0.02,
    csatGood: 0.9,
    npsPromoters: 0.58,
    npsDetractors: 0.11,
    effort: 2.4,
    responseRate: 0.33,
  },
  lisbon: {
    chatReplySeconds: 13,
    writtenReplyHours: 1,
    resolveHours: 12,
    answerSeconds: 22,
    abandonRate: 0.06,
    talkSeconds: 290,
    transferRate: 0.05,
    reopenRate: 0.05,
    escalateRate: 0.02,
    csatGood: 0.88,
    npsPromoters: 0.55,
    npsDetractors: 0.13,
    effort: 2.6,
    responseRate: 0.32,
  },
  copenhagen: {
    chatReplySeconds: 18,
    writtenReplyHours: 1.2,
    resolveHours: 14,
    answerSeconds: 26,
    abandonRate: 0.06,
    talkSeconds: 380,
    transferRate: 0.04,
    reopenRate: 0.05,
    escalateRate: 0,
    csatGood: 0.85,
    npsPromoters: 0.5,
    npsDetractors: 0.15,
    effort: 2.8,
    responseRate: 0.36,
  },
};
