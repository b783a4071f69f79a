import type { JsonSchema } from './body.js';
import { kindOfField } from './body.js';

/** One operation of the OpenAPI document, reduced to what the probe needs. */
export interface Operation {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  pathParams: string[];
  queryParams: Array<{ name: string; schema: JsonSchema; required: boolean }>;
  body?: JsonSchema;
}

interface OpenApiOperation {
  parameters?: Array<{ in: string; name: string; required?: boolean; schema?: JsonSchema }>;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
}

export function operationsOf(document: OpenApiDocument): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = op.parameters ?? [];
      ops.push({
        method: method.toUpperCase() as Operation['method'],
        path,
        pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string),
        queryParams: params
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, schema: p.schema ?? {}, required: Boolean(p.required) })),
        body: op.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return ops;
}

const SEGMENT_KINDS: Record<string, string> = {
  chats: 'tickets',
  Users: 'users',
  Groups: 'teams',
  agents: 'users',
  'service-level-targets': 'targets',
  attainment: 'sites',
  failures: 'outbox-failures',
  mail: 'mail',
};

/** The kind of object a path parameter names: `{macroId}` → macros, `/tickets/{id}` → tickets. */
export function kindOfPathParam(path: string, param: string): string {
  if (param !== 'id') {
    const fromName = kindOfField(param);
    if (fromName) return fromName;
  }
  const before = path.split(`/{${param}}`)[0]?.split('/').pop() ?? '';
  return SEGMENT_KINDS[before] ?? before;
}

/** Fills `{param}`s in a path template. */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? 'missing'));
}

/** The URL that reads the object a write targets: the path up to its first parameter. */
export function objectPathOf(path: string): string | undefined {
  const m = path.match(/^(.*?\{\w+\})/);
  return m?.[1];
}
