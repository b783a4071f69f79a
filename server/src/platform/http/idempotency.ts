import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { type Actor, type Tx, withActor } from '../db/transaction.js';
import { Conflict, Invalid } from '../errors.js';

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/**
 * Runs a create in one actor transaction. With an Idempotency-Key header, a retry of the same request
 * returns the first response (status and body) and writes nothing; the same key with a different body
 * is a 409. The key is claimed by an insert before the work, so concurrent retries wait on it and
 * none can slip past the check.
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
    // Claim the key first. A concurrent request with the same key blocks on this insert until the
    // first one commits (then it finds the stored response) or rolls back (then it claims the key).
    const claimed = await tx
      .insertInto('idempotency_keys')
      .values({
        user_id: actor.userId,
        key,
        organization_id: actor.organizationId,
        method: request.method,
        path,
        request_hash: requestHash,
        status_code: 0,
        response: 'null',
      })
      .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst();
    if (!claimed) {
      const previous = await tx
        .selectFrom('idempotency_keys')
        .select(['method', 'path', 'request_hash', 'status_code', 'response'])
        .where('user_id', '=', actor.userId)
        .where('key', '=', key)
        .executeTakeFirst();
      if (!previous) throw new Conflict('This Idempotency-Key is being purged; retry the request');
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
      .updateTable('idempotency_keys')
      .set({ status_code: status, response: JSON.stringify(body) })
      .where('user_id', '=', actor.userId)
      .where('key', '=', key)
      .execute();
    return { status, body, replayed: false };
  });
  if (outcome.replayed) reply.header('idempotent-replayed', 'true');
  reply.code(outcome.status);
  return outcome.body;
}
