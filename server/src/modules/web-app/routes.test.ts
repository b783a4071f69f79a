import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext } from '../../../test/harness.js';
import { ensureWebBuilt } from './build.js';
import { CONTENT_SECURITY_POLICY, WEB_DIST } from './routes.js';

let t: TestContext;
beforeAll(async () => {
  await ensureWebBuilt();
  t = await startTestApp();
}, 120_000);
afterAll(async () => t?.close());

describe('the browser console is served by the API process', () => {
  it('serves the app at / with a CSP that allows no inline script, and never caches the page', async () => {
    const res = await call(t.app, 'GET', '/');
    expect(res.status).toBe(200);
    expect(res.response.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('<div id="root"></div>');
    expect(res.body).toMatch(/<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js"><\/script>/);
    // No inline <script> body anywhere in the page: every script has a src.
    expect(res.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const csp = res.response.headers['content-security-policy'];
    expect(csp).toBe(CONTENT_SECURITY_POLICY);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(res.response.headers['cache-control']).toBe('no-cache');
    expect(res.response.headers['x-frame-options']).toBe('DENY');
  });

  it('answers a deep link such as /tickets/123 with the same page, for the client router', async () => {
    const root = await call(t.app, 'GET', '/');
    const deep = await call(t.app, 'GET', '/tickets/123?view=all');
    expect(deep.status).toBe(200);
    expect(deep.body).toBe(root.body);
    expect((await call(t.app, 'GET', '/chats')).body).toBe(root.body);
  });

  it('serves hashed assets with immutable caching', async () => {
    const assets = await readdir(`${WEB_DIST}assets`);
    const js = assets.find((f) => f.endsWith('.js'))!;
    const res = await call(t.app, 'GET', `/assets/${js}`);
    expect(res.status).toBe(200);
    expect(res.response.headers['content-type']).toMatch(/javascript/);
    expect(res.response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const missing = await call(t.app, 'GET', '/assets/index-nothere.js');
    expect(missing.status).toBe(404);
  });

  it('keeps unknown API and widget paths as problem+json 404s, not the app', async () => {
    for (const path of ['/api/unknown', '/api/v1/nothing-here', '/api', '/widget/nope']) {
      const res = await call(t.app, 'GET', path);
      expect(res.status, path).toBe(404);
      expect(res.response.headers['content-type'], path).toMatch(/^application\/problem\+json/);
      expect(res.body.code, path).toBe('route_not_found');
    }
    const post = await call(t.app, 'POST', '/tickets/123', { body: {} });
    expect(post.status).toBe(404);
    expect(post.response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('leaves the API, its docs and the widget where they were', async () => {
    expect((await call(t.app, 'GET', '/api/openapi.json')).body.openapi).toBe('3.1.0');
    expect((await call(t.app, 'GET', '/api/v1/auth/me')).status).toBe(401);
    expect((await call(t.app, 'GET', '/widget/demo')).body).toContain('widget.js');
  });
});
