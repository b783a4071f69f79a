import { type Figure, ratio } from './ratio.js';

/** Sums over contacts in a period; all seconds. */
export interface ContactCounts {
  firstResponses: number;
  firstResponseSeconds: number;
  resolvedFirst: number;
  resolutionFirstSeconds: number;
  resolvedLast: number;
  resolutionLastSeconds: number;
  handledContacts: number;
  handleSeconds: number;
  answered: number;
  answerWaitSeconds: number;
  abandoned: number;
  shortAbandoned: number;
}

/** FRT: creation → first public agent reply, mean over tickets that got one (calendar time). */
export function firstResponseTime(c: Pick<ContactCounts, 'firstResponses' | 'firstResponseSeconds'>): Figure {
  return ratio(c.firstResponseSeconds, c.firstResponses, 'frt.calendar.mean');
}

/**
 * Resolution time, both variants the reference asks for: creation → first solve (counted at the
 * first solve) and creation → last solve (counted at the final solve of a reopened ticket).
 */
export function resolutionTime(
  c: Pick<
    ContactCounts,
    'resolvedFirst' | 'resolutionFirstSeconds' | 'resolvedLast' | 'resolutionLastSeconds'
  >,
): { firstSolve: Figure; lastSolve: Figure } {
  return {
    firstSolve: ratio(c.resolutionFirstSeconds, c.resolvedFirst, 'resolution.first_solve.calendar.mean'),
    lastSolve: ratio(c.resolutionLastSeconds, c.resolvedLast, 'resolution.last_solve.calendar.mean'),
  };
}

/** AHT = total handle time / handled contacts (voice: talk + hold + wrap; digital: focused + composing). */
export function averageHandleTime(c: Pick<ContactCounts, 'handledContacts' | 'handleSeconds'>): Figure {
  return ratio(c.handleSeconds, c.handledContacts, 'aht.talk_hold_wrap+focused_composing');
}

/** ASA: mean wait of answered contacts from entering the queue to answer (abandons excluded). */
export function averageSpeedOfAnswer(c: Pick<ContactCounts, 'answered' | 'answerWaitSeconds'>): Figure {
  return ratio(c.answerWaitSeconds, c.answered, 'asa.answered_only');
}

/**
 * Abandonment = abandoned / offered, offered = answered + abandoned. With excludeShort, abandons
 * under the short-abandon threshold leave both numerator and offered.
 */
export function abandonmentRate(
  c: Pick<ContactCounts, 'answered' | 'abandoned' | 'shortAbandoned'>,
  excludeShort: boolean,
): Figure {
  const short = excludeShort ? c.shortAbandoned : 0;
  return ratio(
    c.abandoned - short,
    c.answered + c.abandoned - short,
    excludeShort ? 'abandonment.short_excluded' : 'abandonment.all_offered',
  );
}
