/**
 * The SCIM filter language (RFC 7644 §3.4.2.2), the part identity providers send: comparisons
 * (eq ne co sw ew gt ge lt le), presence (pr), `and`, `or`, `not (…)` and parentheses, with `and`
 * binding tighter than `or`. Pure: text in, a tree out, or a FilterError (SCIM scimType invalidFilter).
 * Attribute paths are lower-cased here because SCIM attribute names are case-insensitive.
 */

export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';
export type FilterValue = string | number | boolean | null;
export type Filter =
  | { op: CompareOp; path: string; value: FilterValue }
  | { op: 'pr'; path: string }
  | { op: 'and' | 'or'; left: Filter; right: Filter }
  | { op: 'not'; filter: Filter };

export class FilterError extends Error {}

const COMPARE = new Set(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']);
type Token = { kind: 'word' | 'string' | '(' | ')'; text: string; value?: FilterValue };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n') i++;
    else if (c === '(' || c === ')') {
      tokens.push({ kind: c, text: c });
      i++;
    } else if (c === '"') {
      // A JSON string literal, escapes included.
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (j >= text.length) throw new FilterError('An unterminated string in the filter');
      const raw = text.slice(i, j + 1);
      let value: string;
      try {
        value = JSON.parse(raw) as string;
      } catch {
        throw new FilterError(`A malformed string in the filter: ${raw}`);
      }
      tokens.push({ kind: 'string', text: raw, value });
      i = j + 1;
    } else {
      // Attribute paths may hold value filters ("emails[type eq \"work\"].value"): keep brackets whole.
      let j = i;
      let depth = 0;
      while (j < text.length) {
        const d = text[j]!;
        if (d === '[') depth++;
        else if (d === ']') depth--;
        else if (depth === 0 && (d === ' ' || d === '(' || d === ')')) break;
        else if (d === '"' && depth > 0) {
          j++;
          while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
        }
        j++;
      }
      tokens.push({ kind: 'word', text: text.slice(i, j) });
      i = j;
    }
  }
  return tokens;
}

export function parseFilter(text: string): Filter {
  const tokens = tokenize(text);
  let at = 0;
  const peekWord = () => (tokens[at]?.kind === 'word' ? tokens[at]!.text.toLowerCase() : undefined);

  function orExpr(): Filter {
    let left = andExpr();
    while (peekWord() === 'or') {
      at++;
      left = { op: 'or', left, right: andExpr() };
    }
    return left;
  }
  function andExpr(): Filter {
    let left = unary();
    while (peekWord() === 'and') {
      at++;
      left = { op: 'and', left, right: unary() };
    }
    return left;
  }
  function unary(): Filter {
    const token = tokens[at];
    if (!token) throw new FilterError('The filter ends where an expression was expected');
    if (token.kind === '(' || (token.kind === 'word' && token.text.toLowerCase() === 'not')) {
      const negate = token.kind === 'word';
      if (negate) at++;
      if (tokens[at]?.kind !== '(') throw new FilterError('"not" must be followed by "("');
      at++;
      const inner = orExpr();
      if (tokens[at]?.kind !== ')') throw new FilterError('A "(" without its ")"');
      at++;
      return negate ? { op: 'not', filter: inner } : inner;
    }
    if (token.kind !== 'word') throw new FilterError(`Unexpected ${token.text} in the filter`);
    at++;
    const path = token.text.toLowerCase();
    if (!/^[a-z0-9:._$[\]"= -]+$/i.test(token.text) || /^(and|or)$/.test(path))
      throw new FilterError(`"${token.text}" is not an attribute path`);
    const op = tokens[at];
    const opName = op?.kind === 'word' ? op.text.toLowerCase() : undefined;
    if (opName === 'pr') {
      at++;
      return { op: 'pr', path };
    }
    if (!opName || !COMPARE.has(opName))
      throw new FilterError(`"${op?.text ?? 'end of filter'}" after ${token.text} is not a SCIM operator`);
    at++;
    const value = tokens[at];
    if (!value) throw new FilterError(`${token.text} ${opName} needs a value`);
    at++;
    return { op: opName as CompareOp, path, value: literal(value) };
  }

  const result = orExpr();
  if (at < tokens.length) throw new FilterError(`Unexpected "${tokens[at]!.text}" in the filter`);
  return result;
}

function literal(token: Token): FilterValue {
  if (token.kind === 'string') return token.value as string;
  if (token.kind !== 'word') throw new FilterError(`Unexpected ${token.text} where a value was expected`);
  const word = token.text.toLowerCase();
  if (word === 'true') return true;
  if (word === 'false') return false;
  if (word === 'null') return null;
  if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(token.text)) return Number(token.text);
  throw new FilterError(`${token.text} is not a value: strings are quoted`);
}
