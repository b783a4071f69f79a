import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { generateOpenApiDocument, OPENAPI_FILE } from './openapi-document.js';

it('the committed openapi.json matches the routes (run `npm run openapi` after changing an API)', async () => {
  const committed = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8'));
  expect(await generateOpenApiDocument()).toEqual(committed);
});

it('no PATCH body gives a field a default, so a PATCH leaves every field it does not name alone', () => {
  const document = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as OpenApi;
  const resolve = (schema: Schema): Schema =>
    schema.$ref
      ? resolve(
          schema.$ref
            .split('/')
            .slice(1)
            .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], document) as Schema,
        )
      : schema;
  const defaulted: string[] = [];
  for (const [path, operations] of Object.entries(document.paths)) {
    const body = operations.patch?.requestBody?.content['application/json']?.schema;
    for (const [field, schema] of Object.entries(body ? (resolve(body).properties ?? {}) : {})) {
      if ('default' in resolve(schema)) defaulted.push(`PATCH ${path} ${field}`);
    }
  }
  expect(defaulted).toEqual([]);
});

interface Schema {
  $ref?: string;
  default?: unknown;
  properties?: Record<string, Schema>;
}
interface OpenApi {
  paths: Record<string, { patch?: { requestBody?: { content: Record<string, { schema?: Schema }> } } }>;
}
