import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Kysely, sql } from 'kysely';
import { affected, type ErasureScope, mentions } from '../db/erasure.js';
import type { DB } from '../db/schema.js';
import { type Actor, literal, type Tx, withActor } from '../db/transaction.js';
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
  // Claim the key in the BEGIN message and store the response in the COMMIT message: a keyed
  // create costs no more round trips than an unkeyed one. A concurrent request with the same key
  // blocks on the claim until the first one commits (then it finds the stored response) or rolls
  // back (then it claims the key).
  const owner = `user_id = ${literal(actor.userId)} and key = ${literal(key)}`;
  const claim = `insert into idempotency_keys
      (user_id, key, organization_id, method, path, request_hash, status_code, response)
    values (${literal(actor.userId)}, ${literal(key)}, ${literal(actor.organizationId)},
      ${literal(request.method)}, ${literal(path)}, ${literal(requestHash)}, 0, 'null')
    on conflict (user_id, key) do nothing returning key`;
  type Outcome = { status: number; body: T; replayed: boolean };
  const outcome = await withActor<Outcome>(
    db,
    actor,
    async (tx, claimed) => {
      if (claimed.length === 1) return { status, body: await create(tx), replayed: false };
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
    },
    {
      prelude: claim,
      epilogue: (o) =>
        o.replayed
          ? undefined
          : `update idempotency_keys set status_code = ${status},
              response = ${literal(JSON.stringify(o.body))}::jsonb where ${owner}`,
    },
  );
  if (outcome.replayed) reply.header('idempotent-replayed', 'true');
  reply.code(outcome.status);
  return outcome.body;
}

/**
 * Erasure: stored first responses that show the erased customer (a ticket or customer create) are
 * dropped; a retry with such a key then runs again instead of replaying their data.
 */
export async function eraseStoredResponses(tx: Tx, scope: ErasureScope) {
  const ids = [...scope.customerIds, ...scope.ticketIds].join('|');
  const pattern = [scope.pattern, ids].filter(Boolean).join('|');
  // An empty pattern would match every row.
  if (!pattern) return { idempotency_keys: 0 };
  const result = await sql`
    delete from idempotency_keys
    where organization_id = ${scope.organizationId} and ${mentions('response', pattern)}`.execute(tx);
  return { idempotency_keys: affected(result) };
}
