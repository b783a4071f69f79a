// Regenerates server/openapi.json, the contract the web client's types are generated from.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateOpenApiDocument, OPENAPI_FILE } from '../src/openapi-document.js';

writeFileSync(OPENAPI_FILE, `${JSON.stringify(await generateOpenApiDocument(), null, 2)}\n`);
console.log(`wrote ${fileURLToPath(OPENAPI_FILE)}`);
