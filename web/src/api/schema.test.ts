// @vitest-environment node
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { describe, expect, it } from 'vitest';

/** The web client's types are generated from the server's OpenAPI document; they must not drift. */
describe('web/src/api/schema.d.ts', () => {
  it('matches server/openapi.json (regenerate with `npm run api-types -w web`)', async () => {
    const spec = readFileSync(
      fileURLToPath(new URL('../../../server/openapi.json', import.meta.url)),
      'utf8',
    );
    const generated = astToString(await openapiTS(JSON.parse(spec)));
    const committed = readFileSync(fileURLToPath(new URL('./schema.d.ts', import.meta.url)), 'utf8');
    const body = (text: string) => text.replace(/^\/\*\*[\s\S]*?\*\/\s*/, '').trim();
    expect(body(committed), 'schema.d.ts is stale: run `npm run api-types -w web`').toBe(body(generated));
  }, 30_000);
});
