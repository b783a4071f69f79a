import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext } from '../../../../test/harness.js';

const WIDGET = fileURLToPath(new URL('../../../../../widget/', import.meta.url));

let t: TestContext;
beforeAll(async () => {
  // Build from source here, so the size measured is the size of the code under test.
  await promisify(execFile)(process.execPath, [`${WIDGET}build.mjs`]);
  t = await startTestApp();
});
afterAll(() => t.close());

describe('chat widget bundle', () => {
  it('is one script under 30 KB gzipped', () => {
    const bundle = readFileSync(`${WIDGET}dist/widget.js`);
    expect(bundle.length).toBeGreaterThan(1000);
    expect(gzipSync(bundle).length).toBeLessThan(30 * 1024);
  });

  it('never turns text into markup: no innerHTML, insertAdjacentHTML, document.write or eval', () => {
    for (const file of readdirSync(`${WIDGET}src`)) {
      const source = readFileSync(`${WIDGET}src/${file}`, 'utf8');
      expect(source, file).not.toMatch(
        /innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/,
      );
    }
    const pkg = JSON.parse(readFileSync(`${WIDGET}package.json`, 'utf8'));
    expect(pkg.dependencies ?? {}).toEqual({});
  });

  it('is served at /widget.js and embedded by the demo page for the organization given', async () => {
    const js = await call(t.app, 'GET', '/widget.js');
    expect(js.status).toBe(200);
    expect(js.response.headers['content-type']).toMatch(/^application\/javascript/);
    expect(js.response.body).toBe(readFileSync(`${WIDGET}dist/widget.js`, 'utf8'));
    const demo = await call(t.app, 'GET', '/widget/demo?org=acme-support');
    expect(demo.status).toBe(200);
    expect(demo.response.body).toContain(
      '<script src="/widget.js" data-tandem-org="acme-support" async></script>',
    );
    const hostile = await call(
      t.app,
      'GET',
      `/widget/demo?org=${encodeURIComponent('"><script>alert(1)</script>')}`,
    );
    expect(hostile.status).toBe(400);
    expect(JSON.stringify(hostile.body)).toContain('query.org');
  });
});
