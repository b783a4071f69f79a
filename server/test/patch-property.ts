import fc from 'fast-check';
import { expect } from 'vitest';
import type { App } from '../src/app.js';
import { call } from './harness.js';

type Fields = Record<string, fc.Arbitrary<unknown>>;
type View = Record<string, unknown>;

/**
 * The property every PATCH keeps: send a random non-empty subset of the resource's patchable
 * fields (with valid random values) to a freshly created resource, read it back, and see each
 * named field carry its new value and every other field exactly what it held before.
 * Arbitraries produce values in the form the API returns them (trimmed, deduplicated …).
 */
export async function assertPatchChangesOnlyWhatItNames(options: {
  app: App;
  token: string;
  /** patchable field → arbitrary of valid values */
  fields: Fields;
  /** creates a fresh resource and returns its id */
  create: () => Promise<string>;
  /** the PATCH url of a resource */
  url: (id: string) => string;
  /** reads the resource back as the API shows it */
  read: (id: string) => Promise<View>;
  /** fields that may move on any change (updated_at by default) */
  volatile?: string[];
  numRuns?: number;
}) {
  const volatile = new Set(options.volatile ?? ['updated_at']);
  const patches = fc
    .record(options.fields, { requiredKeys: [] })
    .filter((patch) => Object.keys(patch).length > 0);
  await fc.assert(
    fc.asyncProperty(patches, async (generated) => {
      const patch = withFreshNames(generated);
      const id = await options.create();
      const before = await options.read(id);
      const response = await call(options.app, 'PATCH', options.url(id), {
        token: options.token,
        body: patch,
      });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      const after = await options.read(id);
      for (const [field, value] of Object.entries(before)) {
        if (volatile.has(field)) continue;
        const expected = field in patch ? (patch as View)[field] : value;
        expect(after[field], `${field} after PATCH ${JSON.stringify(patch)}`).toEqual(expected);
      }
      for (const field of Object.keys(patch)) expect(after).toHaveProperty(field);
    }),
    { numRuns: options.numRuns ?? 20 },
  );
}

/** Reads a resource with GET url, failing the test unless it answers 200. */
export async function readOne(app: App, token: string, url: string): Promise<View> {
  const response = await call(app, 'GET', url, { token });
  expect(response.status).toBe(200);
  return response.body;
}

/** Reads one item of a list endpoint by id. */
export async function readFromList(app: App, token: string, url: string, id: string): Promise<View> {
  const response = await call(app, 'GET', url, { token });
  expect(response.status).toBe(200);
  const item = (response.body.items as View[]).find((i) => i.id === id);
  expect(item, `${id} in ${url}`).toBeDefined();
  return item as View;
}

const FRESH = '{fresh}';
let runs = 0;
/**
 * A name no other run uses, for columns with a unique constraint: the marker is replaced on
 * every run, so shrinking (which replays a value) never trips the constraint.
 */
export const uniqueName = (prefix: string) => fc.nat({ max: 999 }).map((n) => `${prefix} ${n} ${FRESH}`);

function withFreshNames(patch: View): View {
  const run = ++runs;
  return Object.fromEntries(
    Object.entries(patch).map(([k, v]) => [k, typeof v === 'string' ? v.replace(FRESH, `#${run}`) : v]),
  );
}
