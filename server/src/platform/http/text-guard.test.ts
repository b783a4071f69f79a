import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { badText } from './text-guard.js';

describe('badText', () => {
  it('finds NUL and lone surrogates anywhere, naming the path, and passes every well-formed string', () => {
    expect(badText({ a: [{ b: 'x\u0000y' }] }, 'body')).toEqual({
      path: 'body.a.0.b',
      message: expect.stringContaining('NUL'),
    });
    expect(badText({ s: 'a\uD800b' }, 'body')?.path).toBe('body.s');
    expect(badText({ s: '\uDC00' }, 'body')?.path).toBe('body.s');
    expect(badText({ 'k\u0000': 1 }, 'body')?.path).toBe('body.k?');
    expect(badText({ s: 'emoji 😀 ok', n: 1, b: null }, 'body')).toBeNull();
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        const expectBad =
          text.includes('\\u0000') ||
          /\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])/i.test(text) ||
          /(?<!\\ud[89ab][0-9a-f]{2})\\ud[c-f][0-9a-f]{2}/i.test(text);
        expect(badText(value, 'body') !== null).toBe(expectBad);
      }),
      { numRuns: 500 },
    );
  });
});

describe('unstorable text at the edge', () => {
  let t: TestContext;
  let admin: TestUser;
  let slug: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.make.user('brand_admin');
    const { rows } = await t.database.pool.query('select slug from organizations where id = $1', [
      t.organizationId,
    ]);
    slug = rows[0].slug;
  });
  afterAll(() => t.close());

  it('refuses NUL in the public web form with 400 naming the field, and writes nothing', async () => {
    const before = await t.database.pool.query('select count(*)::int as n from tickets');
    const res = await call(t.app, 'POST', '/api/v1/public/tickets', {
      body: {
        organization: slug,
        name: 'Ada',
        email: 'ada@customer.test',
        subject: 'Hello\u0000there',
        message: 'x',
      },
    });
    expect(res.status).toBe(400);
    expect(res.response.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ code: 'invalid_text', errors: [{ path: 'body.subject' }] });
    const after = await t.database.pool.query('select count(*)::int as n from tickets');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('refuses a lone surrogate in an authenticated write and NUL in a query or path, never 500', async () => {
    const customer = await call(t.app, 'POST', '/api/v1/customers', {
      token: admin.token,
      body: { name: 'Bad \uD83D name' },
    });
    expect(customer.status).toBe(400);
    expect(customer.body.errors[0].path).toBe('body.name');
    const search = await call(t.app, 'GET', `/api/v1/tickets?q=${encodeURIComponent('a\u0000b')}`, {
      token: admin.token,
    });
    expect(search.status).toBe(400);
    expect(search.body.errors[0].path).toBe('query.q');
    const survey = await call(t.app, 'POST', `/api/v1/s/${encodeURIComponent('tok\u0000en')}`, {
      body: { score: 5 },
    });
    expect(survey.status).toBe(400);
    expect(survey.body.errors[0].path).toMatch(/^params\./);
    const rating = await call(t.app, 'POST', '/api/v1/public/chat-ratings', {
      body: { token: 'x', score: 5, comment: 'ok\u0000' },
    });
    expect(rating.status).toBe(400);
  });
});
