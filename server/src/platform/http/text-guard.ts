import type { FastifyInstance } from 'fastify';
import type { FieldError } from '../errors.js';
import { sendProblem } from './problem.js';

/**
 * PostgreSQL cannot store U+0000 in text or jsonb, and a lone UTF-16 surrogate is not text at all:
 * either would fail deep in a write as a 500. Every string a client sends (HTTP body, query and
 * path, socket frames) is checked once here, at the edge, and refused with the field at fault.
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const MAX_DEPTH = 64;

function problemOf(s: string): string | null {
  if (s.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  if (LONE_SURROGATE.test(s)) return 'must be valid Unicode text (a lone surrogate was sent)';
  return null;
}

/** The first string (or object key) in `value` that cannot be stored as text, with its path. */
export function badText(value: unknown, path: string, depth = 0): FieldError | null {
  if (typeof value === 'string') {
    const message = problemOf(value);
    return message ? { path, message } : null;
  }
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return null;
  if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return null;
  for (const [key, item] of Object.entries(value)) {
    const keyProblem = problemOf(key);
    if (keyProblem) return { path: `${path}.${key.replace(/[^\x20-\x7e]/g, '?')}`, message: keyProblem };
    const found = badText(item, `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return null;
}

export function registerTextGuard(app: FastifyInstance) {
  // After parsing, before validation: the schemas never see such a string.
  app.addHook('preValidation', async (request, reply) => {
    const found =
      badText(request.params, 'params') ?? badText(request.query, 'query') ?? badText(request.body, 'body');
    if (found)
      return sendProblem(request, reply, 400, 'invalid_text', 'A value cannot be stored as text', [found]);
  });
}
