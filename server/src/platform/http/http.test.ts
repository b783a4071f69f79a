import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext } from '../../../test/harness.js';

let t: TestContext;
let token: string;
beforeAll(async () => {
  t = await startTestApp({ TANDEM_BODY_LIMIT_BYTES: '4096' });
  token = (await t.make.user('brand_admin')).token;
});
afterAll(() => t.close());

function expectProblem(
  res: { status: number; body: any; response: { headers: Record<string, unknown> } },
  status: number,
  code: string,
) {
  expect(res.status).toBe(status);
  expect(res.response.headers['content-type']).toContain('application/problem+json');
  expect(res.body).toMatchObject({
    status,
    code,
    type: expect.stringContaining(code),
    requestId: expect.any(String),
  });
}

describe('bad input becomes problem+json, never a 500', () => {
  it('malformed JSON', async () => {
    const res = await call(t.app, 'POST', '/api/v1/vendors', {
      token,
      headers: { 'content-type': 'application/json' },
      body: undefined,
    });
    expectProblem(res, 400, 'malformed_json');
    const broken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/vendors',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: '{"name": "x", ',
    });
    expect(broken.statusCode).toBe(400);
    expect(JSON.parse(broken.body).code).toBe('malformed_json');
  });

  it('wrong types name every failing field', async () => {
    const res = await call(t.app, 'POST', '/api/v1/vendors', { token, body: { name: 42, kind: 'partner' } });
    expectProblem(res, 400, 'validation_failed');
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.kind', 'body.name']);
  });

  it('a bad query parameter names the query field', async () => {
    const res = await call(t.app, 'GET', '/api/v1/vendors?limit=100000', { token });
    expectProblem(res, 400, 'validation_failed');
    expect(res.body.errors[0].path).toBe('query.limit');
  });

  it('a forged cursor', async () => {
    const res = await call(t.app, 'GET', '/api/v1/vendors?cursor=bm9wZQ', { token });
    expectProblem(res, 422, 'invalid');
    expect(res.body.errors[0].path).toBe('query.cursor');
  });

  it('an oversize body', async () => {
    const res = await call(t.app, 'POST', '/api/v1/vendors', {
      token,
      body: { name: 'x'.repeat(10_000), kind: 'outsourced' },
    });
    expectProblem(res, 413, 'body_too_large');
  });

  it('an unsupported content type', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/vendors',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/xml' },
      payload: '<vendor/>',
    });
    expect(res.statusCode).toBe(415);
  });

  it('an unknown id and a malformed id', async () => {
    expectProblem(
      await call(t.app, 'GET', '/api/v1/vendors/00000000-0000-4000-8000-000000000000', { token }),
      404,
      'not_found',
    );
    const malformed = await call(t.app, 'GET', '/api/v1/vendors/not-a-uuid', { token });
    expectProblem(malformed, 400, 'validation_failed');
    expect(malformed.body.errors[0].path).toBe('params.id');
  });

  it('a duplicate unique value, leaving nothing half written', async () => {
    const first = await call(t.app, 'POST', '/api/v1/vendors', {
      token,
      body: { name: 'Only Once', kind: 'outsourced' },
    });
    expect(first.status).toBe(201);
    const events = async () =>
      (
        await t.database.pool.query(
          "select count(*)::int as n from domain_events where type = 'vendor.created'",
        )
      ).rows[0].n;
    const before = await events();
    const again = await call(t.app, 'POST', '/api/v1/vendors', {
      token,
      body: { name: 'Only Once', kind: 'internal' },
    });
    expectProblem(again, 409, 'duplicate');
    expect(await events()).toBe(before);
  });

  it('an unknown route', async () => {
    expectProblem(await call(t.app, 'GET', '/api/v1/nothing-here', { token }), 404, 'route_not_found');
  });
});

describe('idempotent creates', () => {
  it('returns the first result for a retried POST and creates one row, also under concurrency', async () => {
    const body = { name: 'Idempotent BPO', kind: 'outsourced' };
    const headers = { 'idempotency-key': 'create-idempotent-bpo' };
    const first = await call(t.app, 'POST', '/api/v1/vendors', { token, body, headers });
    const results = await Promise.all(
      Array.from({ length: 5 }, () => call(t.app, 'POST', '/api/v1/vendors', { token, body, headers })),
    );
    for (const r of results) {
      expect(r.status).toBe(201);
      expect(r.body).toEqual(first.body);
      expect(r.response.headers['idempotent-replayed']).toBe('true');
    }
    const { rows } = await t.database.pool.query(
      "select count(*)::int as n from vendors where name = 'Idempotent BPO'",
    );
    expect(rows[0].n).toBe(1);
    const changed = await call(t.app, 'POST', '/api/v1/vendors', {
      token,
      body: { ...body, kind: 'internal' },
      headers,
    });
    expectProblem(changed, 409, 'conflict');
    expect(changed.body.errors[0].path).toBe('headers.idempotency-key');
  });

  it('keeps keys and bodies with quotes and backslashes intact (they are inlined as literals)', async () => {
    const key = String.raw`o'brien\';drop/**/table/**/vendors;--`;
    const body = { name: String.raw`O'Brien \ Partners "BPO" $$ '; --`, kind: 'outsourced' };
    const first = await call(t.app, 'POST', '/api/v1/vendors', {
      token,
      body,
      headers: { 'idempotency-key': key },
    });
    expect(first.status).toBe(201);
    const again = await call(t.app, 'POST', '/api/v1/vendors', {
      token,
      body,
      headers: { 'idempotency-key': key },
    });
    expect(again.response.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(again.body.name).toBe(body.name);
    const { rows } = await t.database.pool.query(
      'select key, response->>$2 as name from idempotency_keys where key = $1',
      [key, 'name'],
    );
    expect(rows).toEqual([{ key, name: body.name }]);
  });

  it('does not replay another user’s key', async () => {
    const other = (await t.make.user('brand_admin')).token;
    const headers = { 'idempotency-key': 'shared-key' };
    const mine = await call(t.app, 'POST', '/api/v1/vendors', {
      token,
      body: { name: 'Mine', kind: 'outsourced' },
      headers,
    });
    const theirs = await call(t.app, 'POST', '/api/v1/vendors', {
      token: other,
      body: { name: 'Theirs', kind: 'outsourced' },
      headers,
    });
    expect(mine.body.name).toBe('Mine');
    expect(theirs.body.name).toBe('Theirs');
  });
});

describe('operations endpoints', () => {
  it('answers health and readiness, and keeps /metrics private by default', async () => {
    expect((await call(t.app, 'GET', '/healthz')).body).toEqual({ status: 'ok' });
    expect((await call(t.app, 'GET', '/readyz')).body).toEqual({ status: 'ready' });
    const metrics = await call(t.app, 'GET', '/metrics');
    expect(metrics.status).toBe(404);
    expect(metrics.body.code).toBe('route_not_found');
  });

  it('serves Prometheus metrics with TANDEM_METRICS=on', async () => {
    const on = await startTestApp({ TANDEM_METRICS: 'on' });
    try {
      await call(on.app, 'GET', '/healthz');
      const metrics = await call(on.app, 'GET', '/metrics');
      expect(metrics.status).toBe(200);
      expect(metrics.body).toContain('tandem_http_request_duration_seconds_bucket');
      expect(metrics.body).toContain('process_cpu_user_seconds_total');
    } finally {
      await on.close();
    }
  });

  it('serves an OpenAPI 3.1 document generated from the route schemas, and a docs page', async () => {
    const doc = await call(t.app, 'GET', '/api/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    expect(
      doc.body.paths['/api/v1/vendors'].post.requestBody.content['application/json'].schema.properties.kind
        .enum,
    ).toEqual(['internal', 'outsourced']);
    expect(doc.body.paths['/healthz']).toBeUndefined();
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });

  it('echoes a sane request id and invents one otherwise', async () => {
    const echoed = await call(t.app, 'GET', '/healthz', { headers: { 'x-request-id': 'abc-123' } });
    expect(echoed.response.headers['x-request-id']).toBe('abc-123');
    const invented = await call(t.app, 'GET', '/healthz', { headers: { 'x-request-id': '<script>' } });
    expect(invented.response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
