import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.js';
import { type Actor, type Tx, withActor } from '../db/transaction.js';
import { Conflict, Invalid } from '../errors.js';

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/**
 * Runs a create in one actor transaction. With an Idempotency-Key header, a retry of the same request
 * returns the first response (status and body) and writes nothing; the same key with a different body
 * is a 409. An advisory lock on the key serialises concurrent retries, so none can slip past the check.
 */
export async function createOnce<T>(
  db: Kysely<DB>,
  request: FastifyRequest,
  reply: FastifyReply,
  actor: Actor,
  create: (tx: Tx) => Promise<T>,
  status = 201,
): Promise<T> {
  const header = request.headers['idempotency-key'];
  const key = Array.isArray(header) ? header[0] : header;
  if (key === undefined) {
    const result = await withActor(db, actor, create);
    reply.code(status);
    return result;
  }
  if (!KEY_PATTERN.test(key)) {
    throw new Invalid('Idempotency-Key must be 1–200 visible ASCII characters', [
      { path: 'headers.idempotency-key', message: 'invalid key' },
    ]);
  }
  const path = request.routeOptions.url ?? request.url;
  const requestHash = createHash('sha256')
    .update(JSON.stringify(request.body ?? null))
    .digest('hex');
  const outcome = await withActor(db, actor, async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtextextended(${`${actor.userId}:${key}`}, 0))`.execute(tx);
    const previous = await tx
      .selectFrom('idempotency_keys')
      .select(['method', 'path', 'request_hash', 'status_code', 'response'])
      .where('user_id', '=', actor.userId)
      .where('key', '=', key)
      .executeTakeFirst();
    if (previous) {
      if (
        previous.request_hash !== requestHash ||
        previous.method !== request.method ||
        previous.path !== path
      ) {
        throw new Conflict('This Idempotency-Key was used for a different request', [
          { path: 'headers.idempotency-key', message: 'key reused with another body or route' },
        ]);
      }
      return { status: previous.status_code, body: previous.response as T, replayed: true };
    }
    const body = await create(tx);
    await tx
      .insertInto('idempotency_keys')
      .values({
        user_id: actor.userId,
        key,
        organization_id: actor.organizationId,
        method: request.method,
        path,
        request_hash: requestHash,
        status_code: status,
        response: JSON.stringify(body),
      })
      .execute();
    return { status, body, replayed: false };
  });
  if (outcome.replayed) reply.header('idempotent-replayed', 'true');
  reply.code(outcome.status);
  return outcome.body;
}
