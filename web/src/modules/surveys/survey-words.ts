/** How a survey kind and its score read to a manager: "CSAT 4 / 5", "NPS 9 / 10", "CES 2 / 7". */
export const SURVEY_LABELS: Record<string, string> = {
  csat: 'CSAT (satisfaction)',
  nps: 'NPS (would recommend)',
  ces: 'CES (effort)',
};

const SCALE: Record<string, number> = { csat: 5, nps: 10, ces: 7 };

export function formatScore(kind: string, score: number): string {
  const top = SCALE[kind];
  return top === undefined ? String(score) : `${score} / ${top}`;
}

/** Where the survey was answered, in words: email link, chat widget … (unknown ones as written). */
export function formatVia(via: string): string {
  return ({ email: 'Email link', chat: 'Chat widget' } as Record<string, string>)[via] ?? via;
}
