import { createHash } from 'node:crypto';
import { SCALES, type SurveyKind } from './throttle.js';

/**
 * The public survey pages: server-rendered, every value escaped, no script at all. The one inline
 * style block is allowed by its hash, so the Content-Security-Policy needs no 'unsafe-inline'.
 */

const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#1b1b1f}' +
  'a.score,button{display:inline-block;min-width:2.5rem;padding:.5rem;margin:.15rem;border:1px solid #888;border-radius:.4rem;text-align:center;text-decoration:none;color:inherit;background:#fff}' +
  'textarea{width:100%;min-height:7rem}label{margin-right:.4rem}';
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');
export const SURVEY_CSP = `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const QUESTIONS: Record<SurveyKind, string> = {
  csat: 'How satisfied are you with the help you received?',
  ces: 'How easy was it to get your issue resolved? (1 = very easy, 7 = very hard)',
  nps: 'How likely are you to recommend us to a friend or colleague?',
};

function layout(title: string, body: string) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="no-referrer"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

export function scoreLinks(base: string, kind: SurveyKind): { score: number; url: string }[] {
  const { min, max } = SCALES[kind];
  return Array.from({ length: max - min + 1 }, (_, i) => ({
    score: min + i,
    url: `${base}?score=${min + i}`,
  }));
}

export function askPage(kind: SurveyKind, action: string): string {
  const links = scoreLinks(action, kind)
    .map((l) => `<a class="score" href="${escapeHtml(l.url)}">${l.score}</a>`)
    .join('');
  return layout('Your feedback', `<h1>${escapeHtml(QUESTIONS[kind])}</h1><p>${links}</p>`);
}

export function thanksPage(input: {
  kind: SurveyKind;
  action: string;
  score: number;
  comment: string | null;
  editToken: string | null;
  editUntil: Date;
  version: number;
}): string {
  const { min, max } = SCALES[input.kind];
  const radios = Array.from({ length: max - min + 1 }, (_, i) => min + i)
    .map(
      (s) =>
        `<label><input type="radio" name="score" value="${s}"${s === input.score ? ' checked' : ''}> ${s}</label>`,
    )
    .join('');
  const form = input.editToken
    ? `<form method="post" action="${escapeHtml(input.action)}"><input type="hidden" name="edit" value="${escapeHtml(input.editToken)}"><p>${radios}</p><p><label for="comment">Anything you would like to add? (optional)</label></p><textarea id="comment" name="comment" maxlength="4000">${escapeHtml(input.comment ?? '')}</textarea><p><button type="submit">Save</button> <small>You can change your answer until ${escapeHtml(input.editUntil.toUTCString())}.</small></p></form>`
    : '';
  return layout(
    'Thank you',
    `<h1>Thank you for your feedback</h1><p>Your answer: <strong>${input.score}</strong>${input.version > 1 ? ' (updated)' : ''}.</p>${form}`,
  );
}

export function messagePage(title: string, text: string): string {
  return layout(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>`);
}

export function surveyMailText(kind: SurveyKind, base: string, subjectLine: string) {
  const links = scoreLinks(base, kind);
  const text = `${QUESTIONS[kind]}\n\n${links.map((l) => `${l.score}: ${l.url}`).join('\n')}\n\nRegarding: ${subjectLine}\n`;
  const html = `<p>${escapeHtml(QUESTIONS[kind])}</p><p>${links
    .map(
      (l) =>
        `<a href="${escapeHtml(l.url)}" style="display:inline-block;padding:8px 12px;margin:2px;border:1px solid #888;border-radius:6px;text-decoration:none">${l.score}</a>`,
    )
    .join('')}</p><p style="color:#666">Regarding: ${escapeHtml(subjectLine)}</p>`;
  return { text, html };
}
