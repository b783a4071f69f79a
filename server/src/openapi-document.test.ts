import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { generateOpenApiDocument, OPENAPI_FILE } from './openapi-document.js';

it('the committed openapi.json matches the routes (run `npm run openapi` after changing an API)', async () => {
  const committed = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8'));
  expect(await generateOpenApiDocument()).toEqual(committed);
});
