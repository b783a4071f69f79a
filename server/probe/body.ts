/**
 * Request bodies from the OpenAPI document's JSON schemas, without I/O: a minimal valid body, ids
 * placed into every id-like field, and the bad-input variants of the fuzz.
 */

export interface JsonSchema {
  type?: string | string[];
  format?: string;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  minItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  additionalProperties?: boolean | JsonSchema;
}

/** Picks the id to put into a field (by field name), or undefined when the name is not id-like. */
export type IdChooser = (field: string) => string | undefined;

/** True for names the probe fills with a (foreign) id: `id`, `*_id`, `*_ids`, `*Id`. */
export function isIdField(name: string): boolean {
  return name === 'id' || /_ids?$/.test(name) || /[a-z]Ids?$/.test(name);
}

/** The resource kind an id-like name points at: `source_customer_id` → customers, `agent_id` → users. */
export function kindOfField(name: string): string | undefined {
  const base = name
    .replace(/_ids?$/, '')
    .replace(/Ids?$/, '')
    .replace(/^(source|target|overflow|backup|owner|author|actor|assigned|primary)_?/, '')
    .toLowerCase();
  const kinds: Record<string, string> = {
    vendor: 'vendors',
    site: 'sites',
    team: 'teams',
    user: 'users',
    agent: 'users',
    customer: 'customers',
    ticket: 'tickets',
    queue: 'queues',
    rule: 'rules',
    macro: 'macros',
    calendar: 'calendars',
    holiday: 'holidays',
    sla_policy: 'sla-policies',
    policy: 'sla-policies',
    survey: 'surveys',
    message: 'messages',
    webhook: 'webhooks',
    delivery: 'deliveries',
    view: 'saved-views',
    saved_view: 'saved-views',
    address: 'support-addresses',
    support_address: 'support-addresses',
    target: 'targets',
    scorecard: 'scorecards',
    review: 'reviews',
    dispute: 'disputes',
    calibration: 'calibrations',
    participant: 'users',
    reviewer: 'users',
    benchmark_reviewer: 'users',
    coach: 'users',
  };
  return kinds[base];
}

function firstOption(schema: JsonSchema): JsonSchema {
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return options.find((o) => o.type !== 'null') ?? options[0] ?? {};
  if (schema.allOf?.length) return Object.assign({}, ...schema.allOf);
  return schema;
}

function typeOf(schema: JsonSchema): string | undefined {
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== 'null');
  if (schema.type) return schema.type;
  if (schema.properties) return 'object';
  return undefined;
}

/** Plain strings some fields must hold to pass validation, by field name. */
const NAMED_STRINGS: Record<string, string> = {
  time_zone: 'Europe/Copenhagen',
  tz: 'Europe/Copenhagen',
  country: 'DK',
  url: 'https://example.test/hook',
  address: 'probe@example.test',
  email: 'probe@example.test',
  value: 'probe@example.test',
  month: '2026-02',
  from: '2026-02-01',
  to: '2026-03-01',
  start: '09:00',
  end: '17:00',
  language: 'en',
};

function sampleString(schema: JsonSchema, field: string): string {
  const named = NAMED_STRINGS[field];
  if (named && !schema.format) return named;
  switch (schema.format) {
    case 'email':
      return 'probe@example.test';
    case 'uuid':
      return '00000000-0000-4000-8000-000000000000';
    case 'date-time':
      // Now: some routes accept only recent moments (activity heartbeats).
      return new Date().toISOString();
    case 'date':
      return '2026-03-02';
    case 'uri':
    case 'url':
      return 'https://example.test/hook';
  }
  const pattern = schema.pattern ?? '';
  if (pattern.includes('[a-z]{2')) return 'en';
  if (pattern.includes('\\d{4}-(0[1-9]')) return '2026-02';
  if (pattern.includes('\\d{4}-\\d{2}-\\d{2}')) return '2026-02-01';
  if (/\\d\{2\}:|\[0-2\]|:\[0-5\]/.test(pattern)) return '09:00';
  return 'probe'.padEnd(schema.minLength ?? 0, 'x').slice(0, schema.maxLength ?? 64);
}

/**
 * A minimal value for the schema: required properties, plus every id-like property (filled by
 * `chooseId`), so a body both validates and names the objects the probe wants to reach.
 */
export function sampleValue(schema: JsonSchema, chooseId: IdChooser, field = '', depth = 0): unknown {
  const s = firstOption(schema);
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  const type = typeOf(s);
  if (type === 'string') {
    const id = isIdField(field) ? chooseId(field) : undefined;
    return id ?? sampleString(s, field);
  }
  if (type === 'integer' || type === 'number') {
    if (s.minimum !== undefined) return s.minimum;
    if (s.exclusiveMinimum !== undefined) return s.exclusiveMinimum + 1;
    return s.maximum !== undefined ? Math.min(1, s.maximum) : 1;
  }
  if (type === 'boolean') return s.default ?? false;
  if (type === 'array') {
    const id = isIdField(field) ? chooseId(field) : undefined;
    if (id) return [id];
    const count = s.minItems ?? 0;
    return Array.from({ length: count }, () => sampleValue(s.items ?? {}, chooseId, field, depth + 1));
  }
  if (type === 'object') {
    if (depth > 6) return {};
    const out: Record<string, unknown> = {};
    const required = new Set(s.required ?? []);
    for (const [name, prop] of Object.entries(s.properties ?? {})) {
      const wanted = required.has(name) || (isIdField(name) && chooseId(name) !== undefined);
      if (wanted) out[name] = sampleValue(prop, chooseId, name, depth + 1);
    }
    // An object of only optional fields (a customer: email or phone) still needs a way to name it.
    if (Object.keys(out).length === 0 && s.properties?.email) out.email = 'probe@example.test';
    return out;
  }
  return null;
}

/**
 * A PATCH with only required fields is often empty; add the first optional plain field, so a
 * write that should be refused would really change something.
 */
export function withOneChange(schema: JsonSchema, body: Record<string, unknown>): Record<string, unknown> {
  const s = firstOption(schema);
  for (const [name, prop] of Object.entries(s.properties ?? {})) {
    if (name in body || isIdField(name)) continue;
    const p = firstOption(prop);
    const type = typeOf(p);
    if (type === 'string' && !p.format && !p.enum && !p.pattern) return { ...body, [name]: 'probe change' };
    if (type === 'boolean') return { ...body, [name]: !(p.default ?? false) };
  }
  return body;
}

/**
 * Bodies that name one id at a time: schemas often refuse several together ("exactly one of
 * agent_id, team_id, vendor_id"), which would hide whether the id itself is checked.
 */
export function oneIdAtATime(schema: JsonSchema, body: unknown): unknown[] {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return [];
  const required = new Set(firstOption(schema).required ?? []);
  const optionalIds = Object.keys(body).filter((k) => isIdField(k) && !required.has(k));
  if (optionalIds.length < 2) return [];
  return optionalIds.map((keep) =>
    Object.fromEntries(Object.entries(body).filter(([k]) => !optionalIds.includes(k) || k === keep)),
  );
}

/** Paths (as key lists) of every string leaf in a value. */
export function stringPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringPaths(v, [...path, i]));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => stringPaths(v, [...path, k]));
  }
  return [];
}

/** A copy of `value` with the leaf at `path` replaced. */
export function replaceAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (Array.isArray(value)) {
    return value.map((v, i) => (i === head ? replaceAt(v, rest, replacement) : v));
  }
  const record = (value ?? {}) as Record<string, unknown>;
  return { ...record, [head]: replaceAt(record[head], rest, replacement) };
}

export function deeplyNested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

/** The bad values put into each string field; the server must answer each with a 4xx, never a 5xx. */
export const BAD_STRINGS: ReadonlyArray<{ name: string; value: unknown }> = [
  { name: 'NUL byte', value: 'a\u0000b' },
  { name: 'lone surrogate', value: 'a\ud800b' },
  { name: 'huge string', value: 'x'.repeat(300_000) },
  { name: 'number', value: 12345 },
  { name: 'object', value: { nested: true } },
  { name: 'array', value: ['a'] },
  { name: 'null', value: null },
  { name: 'nested JSON', value: deeplyNested(200) },
];

/** Each fuzz variant of a body: every bad value in every string field (capped), plus whole-body ones. */
export function fuzzBodies(body: unknown, cap: number): Array<{ name: string; body: unknown }> {
  const out: Array<{ name: string; body: unknown }> = [
    { name: 'body: deeply nested JSON', body: deeplyNested(1_000) },
    { name: 'body: array', body: [body] },
    { name: 'body: string', body: 'probe' },
  ];
  for (const path of stringPaths(body)) {
    for (const bad of BAD_STRINGS) {
      out.push({ name: `${path.join('.')}: ${bad.name}`, body: replaceAt(body, path, bad.value) });
    }
  }
  return out.slice(0, cap);
}
