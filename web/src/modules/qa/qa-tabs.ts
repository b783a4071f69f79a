/** The Quality page's tabs, named in its URL (?tab=disputes), so a link can open one. */
export const QA_TABS = ['queue', 'reviews', 'disputes', 'scorecards', 'sampling', 'calibration'] as const;
export type QaTab = (typeof QA_TABS)[number];
