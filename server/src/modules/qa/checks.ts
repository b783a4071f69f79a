import { francAll } from 'franc-min';
import { QA_CHECK_NAMES, type QaCheckName } from '../../platform/db/schema.js';
import { findPii, maskValue, type PiiKind } from '../privacy/index.js';

/**
 * Automated QA checks on an agent's public reply (docs/qa.md#automated-checks). Pure: the same
 * message, customer text and voice rules always give the same findings, each explaining itself.
 */

/** The checks, in the order findings are listed. */
export const CHECKS = QA_CHECK_NAMES;
export type CheckName = QaCheckName;

/** A phrase matches case-insensitively between word boundaries; a regex is the brand's own source. */
export interface VoicePattern {
  kind: 'phrase' | 'regex';
  value: string;
}

/** One set of the brand's voice rules; language '*' applies to every language. */
export interface VoiceRuleSet {
  language: string;
  forbiddenPhrases: VoicePattern[];
  forbiddenPromises: VoicePattern[];
  greetings: VoicePattern[];
  closings: VoicePattern[];
}

export interface CheckInput {
  /** The agent's public message. */
  text: string;
  /** The customer's last message before it, if any. */
  customerText?: string | null;
  /** The ticket's language (ISO 639-1), the fallback when the customer's text is too short to read. */
  customerLanguage?: string | null;
  rules: readonly VoiceRuleSet[];
}

export interface Finding {
  check: CheckName;
  span?: { start: number; end: number };
  detail: string;
}

/** A greeting must come within the reply's opening, a closing within its end. */
export const GREETING_WINDOW = 120;
export const CLOSING_WINDOW = 200;

const compiled = new Map<string, RegExp>();
const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The pattern as a global, case-insensitive regex (cached: the outbox runs the same rules all day). */
export function patternRegex(p: VoicePattern): RegExp {
  const key = `${p.kind}:${p.value}`;
  let re = compiled.get(key);
  if (!re) {
    const source =
      p.kind === 'regex' ? p.value : `(?<![\\p{L}\\p{N}])${literal(p.value.trim())}(?![\\p{L}\\p{N}])`;
    re = new RegExp(source, 'giu');
    if (compiled.size > 5000) compiled.clear();
    compiled.set(key, re);
  }
  return re;
}

/** Whether a brand's pattern compiles; the voice-rules API refuses those that do not. */
export function patternError(p: VoicePattern): string | null {
  try {
    patternRegex(p);
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

function matches(text: string, p: VoicePattern): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const m of text.matchAll(patternRegex(p))) {
    // An empty match (a regex like "a*") points at nothing: not a finding.
    if (m[0].length > 0) out.push({ start: m.index, end: m.index + m[0].length });
  }
  return out;
}

const PII_WORDS: Record<PiiKind, string> = {
  email: 'An email address',
  phone: 'A phone number',
  card: 'A payment card number',
  iban: 'An IBAN',
  us_ssn: 'A US Social Security number',
  uk_nino: 'A UK National Insurance number',
  es_dni: 'A Spanish DNI/NIE',
  nl_bsn: 'A Dutch BSN',
  fr_nir: 'A French social security number (NIR)',
  password: 'A password',
};

/** Languages the mismatch check names (franc's ISO 639-3 → the tickets' ISO 639-1). */
const LANGUAGES: Record<string, string> = {
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
  tgl: 'tl',
  tur: 'tr',
  rus: 'ru',
};
const CANDIDATES = Object.keys(LANGUAGES);
/** Below this many letters neither text says enough about its language. */
export const MIN_LANGUAGE_CHARS = 40;
/** Only this much of a text is read for its language. */
export const MAX_LANGUAGE_CHARS = 400;
/** The runner-up must trail clearly (Spanish and Portuguese score close on short text). */
const RUNNER_UP_BELOW = 0.97;

/** The text's language (ISO 639-1) when it is long and clear enough to trust; else null. */
export function confidentLanguage(text: string): string | null {
  const letters = text.replace(/[^\p{L}\s]/gu, ' ').trim();
  if (letters.replace(/\s+/g, '').length < MIN_LANGUAGE_CHARS) return null;
  // The opening says as much as the whole and keeps a long email's cost bounded (franc is linear).
  const [top, second] = francAll(letters.slice(0, MAX_LANGUAGE_CHARS), {
    only: CANDIDATES,
    minLength: MIN_LANGUAGE_CHARS,
  });
  if (!top || top[0] === 'und' || (second && second[1] >= RUNNER_UP_BELOW)) return null;
  return LANGUAGES[top[0]] ?? null;
}

const sameValue = (a: string, b: string) =>
  a.replace(/\W/g, '').toLowerCase() === b.replace(/\W/g, '').toLowerCase();

/** Every finding on one reply, in a fixed order: by check, then by position. */
export function runChecks(input: CheckInput): Finding[] {
  const { text } = input;
  const findings: Finding[] = [];
  const customerLanguage = confidentLanguage(input.customerText ?? '');
  const replyLanguage = confidentLanguage(text);
  // Rules follow the language the customer should be answered in.
  const language = customerLanguage ?? input.customerLanguage ?? replyLanguage;
  const rules = input.rules.filter((r) => r.language === '*' || r.language === language);

  for (const [check, list] of [
    ['forbidden_phrase', rules.flatMap((r) => r.forbiddenPhrases)],
    ['forbidden_promise', rules.flatMap((r) => r.forbiddenPromises)],
  ] as const) {
    for (const pattern of list) {
      for (const span of matches(text, pattern)) {
        const what = check === 'forbidden_phrase' ? 'Forbidden phrase' : 'Forbidden promise';
        findings.push({
          check,
          span,
          detail: `${what} "${text.slice(span.start, span.end)}" (rule: ${pattern.value})`,
        });
      }
    }
  }

  const greetings = rules.flatMap((r) => r.greetings);
  const opening = text.slice(0, GREETING_WINDOW);
  if (greetings.length && !greetings.some((p) => matches(opening, p).length > 0)) {
    findings.push({
      check: 'missing_greeting',
      detail: `The reply does not open with a required greeting${language ? ` for ${language}` : ''}: ${greetings.map((p) => p.value).join(' / ')}`,
    });
  }
  const closings = rules.flatMap((r) => r.closings);
  const endingStart = Math.max(0, text.length - CLOSING_WINDOW);
  if (closings.length && !closings.some((p) => matches(text.slice(endingStart), p).length > 0)) {
    findings.push({
      check: 'missing_closing',
      detail: `The reply does not end with a required closing${language ? ` for ${language}` : ''}: ${closings.map((p) => p.value).join(' / ')}`,
    });
  }

  // The customer's own email or phone read back to them is a confirmation, not a leak.
  const customerPii = input.customerText
    ? findPii(input.customerText).map((s) => ({
        kind: s.kind,
        value: input.customerText?.slice(s.start, s.end) ?? '',
      }))
    : [];
  for (const span of findPii(text)) {
    const value = text.slice(span.start, span.end);
    if (
      (span.kind === 'email' || span.kind === 'phone') &&
      customerPii.some((c) => c.kind === span.kind && sameValue(c.value, value))
    )
      continue;
    findings.push({
      check: 'pii_leak',
      span: { start: span.start, end: span.end },
      // Never the value itself: findings are stored and listed.
      detail: `${PII_WORDS[span.kind]} is in a public reply: ${maskValue(span.kind, value)}`,
    });
  }

  if (customerLanguage && replyLanguage && customerLanguage !== replyLanguage) {
    findings.push({
      check: 'language_mismatch',
      detail: `The customer wrote in ${customerLanguage} but the reply reads as ${replyLanguage}`,
    });
  }

  const order = (c: CheckName) => CHECKS.indexOf(c);
  return findings
    .map((f, i) => ({ f, i }))
    .sort(
      (a, b) =>
        order(a.f.check) - order(b.f.check) || (a.f.span?.start ?? 0) - (b.f.span?.start ?? 0) || a.i - b.i,
    )
    .map(({ f }) => f);
}
