import { countrySpecs, isValidIBAN } from 'ibantools';

/**
 * Finds personal data in free text and masks it (docs/privacy.md). Pure, no I/O. Conservative on
 * purpose: a number is only reported when its shape and, where one exists, its checksum fit, so
 * order numbers, dates and amounts stay untouched. QA's pii_leak check and masking share it.
 */

export type PiiKind =
  | 'email'
  | 'phone'
  | 'card'
  | 'iban'
  | 'us_ssn'
  | 'uk_nino'
  | 'es_dni'
  | 'nl_bsn'
  | 'fr_nir'
  | 'password';

export interface PiiSpan {
  kind: PiiKind;
  /** UTF-16 offsets into the text, end exclusive. */
  start: number;
  end: number;
}

const isAlnum = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/** Luhn over a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const EMAIL =
  /(?<![\p{L}\p{N}._%+-])[A-Za-z0-9_%+-][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![\p{L}\p{N}])/gu;

function emails(text: string, out: PiiSpan[]) {
  for (const m of text.matchAll(EMAIL))
    out.push({ kind: 'email', start: m.index, end: m.index + m[0].length });
}

/** Runs of digits joined by single spaces or dashes, not touching other digits or letters. */
const DIGIT_RUN = /(?<![\p{L}\p{N}-])\d(?:[ -]?\d){12,}(?![\p{L}\p{N}])/gu;

/** Printed cards group in fours (the last group shorter), or 4-6-5 / 4-6-4, with one kind of separator. */
function cardGrouping(run: string, groups: { start: number; end: number; digits: string }[]): boolean {
  if (groups.length === 1) return true;
  const separators = new Set(groups.slice(1).map((g) => run[g.start - 1]));
  if (separators.size !== 1) return false;
  const lengths = groups.map((g) => g.digits.length).join('-');
  if (lengths === '4-6-5' || lengths === '4-6-4') return true;
  return groups.every((g, k) => (k < groups.length - 1 ? g.digits.length === 4 : g.digits.length <= 4));
}

/**
 * A card number is 13–19 digits passing Luhn. Within a longer run (a card after an account number,
 * or followed by more digits) it is tried from each group's start, longest first, so
 * "4242 4242 4242 4242 12" still finds the card.
 */
function cards(text: string, out: PiiSpan[]) {
  for (const m of text.matchAll(DIGIT_RUN)) {
    const groups: { start: number; end: number; digits: string }[] = [];
    for (const g of m[0].matchAll(/\d+/g))
      groups.push({ start: g.index, end: g.index + g[0].length, digits: g[0] });
    let i = 0;
    while (i < groups.length) {
      let matched = -1;
      let digits = '';
      const ends: string[] = [];
      for (let j = i; j < groups.length && digits.length < 19; j++) {
        digits += groups[j]?.digits ?? '';
        ends[j] = digits;
      }
      for (let j = ends.length - 1; j >= i; j--) {
        const candidate = ends[j];
        if (!candidate || candidate.length < 13 || candidate.length > 19) continue;
        // All one digit ("0000 0000 0000 0000") passes Luhn but is filler, not a card.
        if (/^(\d)\1+$/.test(candidate) || !luhnValid(candidate)) continue;
        if (!cardGrouping(m[0], groups.slice(i, j + 1))) continue;
        matched = j;
        break;
      }
      if (matched < 0) {
        i++;
        continue;
      }
      const start = m.index + (groups[i]?.start ?? 0);
      // An order or invoice number that happens to pass Luhn (one in ten do) is not a card.
      if (!REFERENCE_BEFORE.test(text.slice(Math.max(0, start - 16), start))) {
        out.push({ kind: 'card', start, end: m.index + (groups[matched]?.end ?? 0) });
      }
      i = matched + 1;
    }
  }
}

const IBAN_START = /(?<![\p{L}\p{N}])([A-Za-z]{2})(\d{2})/gu;

/** An IBAN is as long as its country's format says, with optional single spaces, and passes mod-97. */
function ibans(text: string, out: PiiSpan[]) {
  for (const m of text.matchAll(IBAN_START)) {
    const country = m[1]?.toUpperCase() ?? '';
    const length = countrySpecs[country]?.chars;
    if (!length) continue;
    let compact = country + m[2];
    let i = m.index + 4;
    while (compact.length < length && i < text.length) {
      const c = text[i] ?? '';
      if (c === ' ' && isAlnum(text[i + 1]) && isAlnum(text[i - 1])) {
        i++;
        continue;
      }
      if (!/[A-Za-z0-9]/.test(c)) break;
      compact += c.toUpperCase();
      i++;
    }
    if (compact.length !== length || isAlnum(text[i])) continue;
    if (isValidIBAN(compact)) out.push({ kind: 'iban', start: m.index, end: i });
  }
}

const SSN = /(?<![\p{L}\p{N}-])(\d{3})-(\d{2})-(\d{4})(?![\p{L}\p{N}]|-\d)/gu;
/** Numbers the SSA never issues or published in advertising. */
const SSN_NEVER = new Set(['078-05-1120', '219-09-9999', '123-45-6789']);

function usSsns(text: string, out: PiiSpan[]) {
  for (const m of text.matchAll(SSN)) {
    const [whole, area = '', group = '', serial = ''] = m;
    const a = Number(area);
    if (a === 0 || a === 666 || a >= 900 || group === '00' || serial === '0000' || SSN_NEVER.has(whole))
      continue;
    out.push({ kind: 'us_ssn', start: m.index, end: m.index + whole.length });
  }
}

// HMRC: first letter not D F I Q U V, second not D F I O Q U V, and a few prefixes never issued.
const NINO =
  /(?<![\p{L}\p{N}])([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?(\d{2}) ?(\d{2}) ?(\d{2}) ?([A-D])(?![\p{L}\p{N}])/gu;
const NINO_NEVER = new Set(['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ']);

function ukNinos(text: string, out: PiiSpan[]) {
  for (const m of text.matchAll(NINO)) {
    if (NINO_NEVER.has(m[1] ?? '')) continue;
    out.push({ kind: 'uk_nino', start: m.index, end: m.index + m[0].length });
  }
}

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';
const DNI = /(?<![\p{L}\p{N}])([XYZ]-?\d{7}|\d{8})-? ?([A-Z])(?![\p{L}\p{N}])/gu;

/** Spanish DNI (8 digits) and NIE (X/Y/Z and 7 digits), whose last letter is the number mod 23. */
function esDnis(text: string, out: PiiSpan[]) {
  for (const m of text.matchAll(DNI)) {
    const body = (m[1] ?? '').replace('-', '');
    const number = Number(body.replace(/^[XYZ]/, (c) => String('XYZ'.indexOf(c))));
    if (DNI_LETTERS[number % 23] !== m[2]) continue;
    out.push({ kind: 'es_dni', start: m.index, end: m.index + m[0].length });
  }
}

// Nine bare digits are everywhere (orders, invoices) and 1 in 11 passes the 11-proof: a BSN needs its name.
const BSN =
  /(?<![\p{L}\p{N}])(?:bsn|burgerservicenummer|sofinummer)(?:\s*(?:nummer|nr\.?|number))?\s*[:#]?\s*(\d{4}\.?\d{2}\.?\d{3}|\d{9})(?![\p{L}\p{N}])/giu;

export function bsnValid(digits: string): boolean {
  if (!/^\d{9}$/.test(digits) || digits === '000000000') return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(digits[i]) * (9 - i);
  return (sum - Number(digits[8])) % 11 === 0;
}

function nlBsns(text: string, out: PiiSpan[]) {
  for (const m of text.matchAll(BSN)) {
    const value = m[1] ?? '';
    if (!bsnValid(value.replaceAll('.', ''))) continue;
    const start = m.index + m[0].length - value.length;
    out.push({ kind: 'nl_bsn', start, end: start + value.length });
  }
}

// Sex, year, month (01–12, or 20–42/50–99 when unknown), department (2A/2B: Corsica), commune, order, key.
const NIR =
  /(?<![\p{L}\p{N}])([12]) ?(\d{2}) ?(0[1-9]|1[0-2]|[2-4]\d|[5-9]\d) ?(\d{2}|2[AB]) ?(\d{3}) ?(\d{3}) ?(\d{2})(?![\p{L}\p{N}])/gu;

/** The French NIR's key is 97 minus the first 13 characters mod 97 (2A counts as 19, 2B as 18). */
export function nirValid(thirteen: string, key: string): boolean {
  const numeric = thirteen.replace('2A', '19').replace('2B', '18');
  return 97 - (Number(numeric) % 97) === Number(key);
}

function frNirs(text: string, out: PiiSpan[]) {
  for (const m of text.matchAll(NIR)) {
    const body = m.slice(1, 7).join('');
    if (!nirValid(body, m[7] ?? '')) continue;
    out.push({ kind: 'fr_nir', start: m.index, end: m.index + m[0].length });
  }
}

/**
 * Phone numbers, conservatively: international (+ and 8–15 digits) or national with a leading 0 or
 * the North American (NXX) NXX-XXXX shape, always with separators; never what reads as a date and
 * never right after words such as "order" or "#". A bare run of digits is not a phone number here.
 */
const INTERNATIONAL =
  /(?<![\p{L}\p{N}+])\+\d{1,3}(?:[ .-]?\(\d{1,4}\))?(?:[ .-]?\d{1,5}){1,6}(?![\p{L}\p{N}])/gu;
const NATIONAL =
  /(?<![\p{L}\p{N}+./-])(?:\(0\d{1,4}\)|0\d{1,4}|\(\d{3}\)|[2-9]\d{2})(?:[ .-]\d{2,4}){1,4}(?![\p{L}\p{N}]|[./-]\d)/gu;
const DATE_LIKE = /^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$/;
// Whole words only: "aref 4000…" is a card after a word that merely ends in "ref".
const REFERENCE_BEFORE =
  /(?:(?<![\p{L}\p{N}])(?:order|invoice|ref|reference|pedido|encomenda|commande|bestilling|bestellung|factura|fatura|no\.|nr\.?|nº)|#)\s*[:#]?\s*$/iu;

function phones(text: string, out: PiiSpan[]) {
  for (const pattern of [INTERNATIONAL, NATIONAL]) {
    for (const m of text.matchAll(pattern)) {
      const value = m[0];
      const digits = value.replace(/\D/g, '').length;
      if (pattern === INTERNATIONAL ? digits < 8 || digits > 15 : digits < 9 || digits > 12) continue;
      if (DATE_LIKE.test(value)) continue;
      if (pattern === NATIONAL && !/^[(0]/.test(value) && !/^\d{3}[ .-]\d{3}[ .-]\d{4}$/.test(value))
        continue;
      if (REFERENCE_BEFORE.test(text.slice(Math.max(0, m.index - 16), m.index))) continue;
      out.push({ kind: 'phone', start: m.index, end: m.index + value.length });
    }
  }
}

/** "password: xyz", "pwd=xyz", "contraseña: xyz", "mot de passe : xyz" …: the span is the secret only. */
const PASSWORD =
  /(?<![\p{L}\p{N}])(?:password|passwd|passcode|pwd|contraseña|contrasena|clave|mot de passe|mdp|senha|passwort|kennwort|adgangskode|kodeord|wachtwoord)\s*[:=]\s*(\S+)/giu;

function passwords(text: string, out: PiiSpan[]) {
  for (const m of text.matchAll(PASSWORD)) {
    let value = m[1] ?? '';
    // A sentence's closing punctuation is not part of the secret.
    const trimmed = value.replace(/[.,;!?)"']+$/, '');
    if (trimmed.length > 0) value = trimmed;
    const start = m.index + m[0].length - (m[1] ?? '').length;
    out.push({ kind: 'password', start, end: start + value.length });
  }
}

/** When two findings overlap, the more specific one wins; then the longer. */
const PRECEDENCE: Record<PiiKind, number> = {
  password: 0,
  email: 1,
  iban: 2,
  card: 3,
  fr_nir: 4,
  nl_bsn: 5,
  us_ssn: 6,
  uk_nino: 7,
  es_dni: 8,
  phone: 9,
};

/** Every piece of personal data in the text: sorted by start, never overlapping. */
export function findPii(text: string): PiiSpan[] {
  const found: PiiSpan[] = [];
  passwords(text, found);
  emails(text, found);
  ibans(text, found);
  cards(text, found);
  frNirs(text, found);
  nlBsns(text, found);
  usSsns(text, found);
  ukNinos(text, found);
  esDnis(text, found);
  phones(text, found);
  found.sort(
    (a, b) =>
      PRECEDENCE[a.kind] - PRECEDENCE[b.kind] || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const kept: PiiSpan[] = [];
  for (const span of found) {
    if (span.end <= span.start) continue;
    if (kept.some((k) => span.start < k.end && k.start < span.end)) continue;
    kept.push(span);
  }
  return kept.sort((a, b) => a.start - b.start);
}

const keepLast = (value: string, n: number) => {
  let seen = 0;
  const chars = [...value];
  for (let i = chars.length - 1; i >= 0; i--) {
    if (!/[\p{L}\p{N}]/u.test(chars[i] ?? '')) continue;
    seen++;
    if (seen > n) chars[i] = '*';
  }
  return chars.join('');
};

/** The masked form of one value, still recognisable as its kind. */
export function maskValue(kind: PiiKind, value: string): string {
  switch (kind) {
    case 'email': {
      const at = value.lastIndexOf('@');
      return `${value[0]}***${value.slice(at)}`;
    }
    case 'card':
      return `**** **** **** ${value.replace(/\D/g, '').slice(-4)}`;
    case 'iban':
      return `${value.slice(0, 2).toUpperCase()}** **** ${value.replace(/\s/g, '').slice(-4)}`;
    case 'password':
      return '********';
    case 'us_ssn':
      return keepLast(value, 4);
    default:
      return keepLast(value, 2);
  }
}

/** The text with every span replaced by its masked form; spans as findPii returns them. */
export function maskPii(text: string, spans: readonly PiiSpan[]): string {
  let out = '';
  let at = 0;
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    if (span.start < at) continue;
    out += text.slice(at, span.start) + maskValue(span.kind, text.slice(span.start, span.end));
    at = span.end;
  }
  return out + text.slice(at);
}
