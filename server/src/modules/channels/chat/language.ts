import { francAll } from 'franc-min';

/**
 * The ticket's language (ISO 639-1, like the agents' languages): detected from the visitor's text once
 * there is enough of it to trust, otherwise the browser's setting. franc answers in ISO 639-3; we ask
 * it only about languages we can name in 639-1.
 */

const ISO_639_1: Record<string, string> = {
  eng: 'en',
  spa: 'es',
  por: 'pt',
  fra: 'fr',
  deu: 'de',
  ita: 'it',
  nld: 'nl',
  dan: 'da',
  swe: 'sv',
  nob: 'no',
  fin: 'fi',
  pol: 'pl',
  ces: 'cs',
  slk: 'sk',
  hun: 'hu',
  ron: 'ro',
  ell: 'el',
  tur: 'tr',
  rus: 'ru',
  ukr: 'uk',
  bul: 'bg',
  srp: 'sr',
  hrv: 'hr',
  arb: 'ar',
  heb: 'he',
  pes: 'fa',
  hin: 'hi',
  ben: 'bn',
  urd: 'ur',
  tam: 'ta',
  tel: 'te',
  cmn: 'zh',
  jpn: 'ja',
  kor: 'ko',
  vie: 'vi',
  tha: 'th',
  ind: 'id',
  zlm: 'ms',
  tgl: 'tl',
  swh: 'sw',
};
const CANDIDATES = Object.keys(ISO_639_1);

/** Below this many characters franc guesses; the browser's setting is the better signal. */
export const MIN_DETECTION_CHARS = 24;
/** Close languages (es/pt, nl/fr on short text) score within a few percent: then the text decides nothing. */
const CLEAR_MARGIN = 0.98;
/** The browser's language wins when the text fits it almost as well as the best guess. */
const BROWSER_AGREES = 0.9;

/**
 * The language of the visitor's text, weighed with the browser's setting; null when the text is too
 * short or too ambiguous to say (the caller then keeps the browser's language).
 */
export function detectTextLanguage(text: string, browserTag?: string): string | null {
  if (text.trim().length < MIN_DETECTION_CHARS) return null;
  const scores = francAll(text, { only: CANDIDATES, minLength: MIN_DETECTION_CHARS }).filter(
    ([code]) => code !== 'und',
  );
  const [top, second] = scores;
  if (!top) return null;
  const browser = browserLanguage(browserTag);
  const browserScore = scores.find(([code]) => ISO_639_1[code] === browser)?.[1];
  if (browser && browserScore !== undefined && browserScore >= BROWSER_AGREES) return browser;
  if (second && second[1] >= CLEAR_MARGIN) return null;
  return ISO_639_1[top[0]] ?? null;
}

/** 'pt-BR' → 'pt'; anything that is not a language tag → null. */
export function browserLanguage(tag: string | undefined): string | null {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return primary && /^[a-z]{2,3}$/.test(primary) ? primary : null;
}
