import { keyringOf } from '../../platform/crypto/keyring.js';
import { withSystem } from '../../platform/db/transaction.js';
import { retryDelayMs } from '../../platform/outbox/backoff.js';
import type { DeliverySender } from '../../platform/outbox/worker.js';
import { recordMessageDelivery } from '../tickets/index.js';
import type { ClaimedDelivery } from './repository.js';
import * as repo from './repository.js';
import { signingSecret } from './secrets.js';
import { signatureHeader } from './signature.js';
import { webhookTargetProblem } from './target.js';

const BATCH = 20;

interface Attempt {
  ok: boolean;
  responseStatus: number | null;
  latencyMs: number | null;
  error: string | null;
}

/** One signed POST. Redirects are not followed: a 3xx could point the request anywhere. */
async function post(
  delivery: ClaimedDelivery,
  secret: string,
  timeoutMs: number,
  allowPrivate: boolean,
): Promise<Attempt> {
  if (!delivery.active)
    return { ok: false, responseStatus: null, latencyMs: null, error: 'subscription is inactive' };
  const refused = await webhookTargetProblem(delivery.url, allowPrivate);
  if (refused)
    return { ok: false, responseStatus: null, latencyMs: null, error: `refused target: ${refused}` };
  const body = JSON.stringify(delivery.body);
  const started = performance.now();
  try {
    const response = await fetch(delivery.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Tandem-Webhooks/1',
        'tandem-event': delivery.event_type,
        'tandem-delivery': delivery.id,
        'tandem-signature': signatureHeader(secret, body, Math.floor(Date.now() / 1000)),
      },
      body,
    });
    const latencyMs = Math.round(performance.now() - started);
    const text = await response.text().catch(() => '');
    if (response.status >= 200 && response.status < 300) {
      return { ok: true, responseStatus: response.status, latencyMs, error: null };
    }
    const excerpt = text.slice(0, 300).trim();
    return {
      ok: false,
      responseStatus: response.status,
      latencyMs,
      error: `HTTP ${response.status}${excerpt ? `: ${excerpt}` : ''}`,
    };
  } catch (err) {
    const latencyMs = Math.round(performance.now() - started);
    const cause =
      err instanceof Error && err.name === 'TimeoutError'
        ? `no answer within ${timeoutMs} ms`
        : String((err as Error)?.cause ?? err);
    return { ok: false, responseStatus: null, latencyMs, error: cause.slice(0, 500) };
  }
}

/** Sends due webhook deliveries; a social reply's outcome is mirrored on its message. */
export const webhookSender: DeliverySender = {
  name: 'webhook-sender',
  async sendDue({ database, config }) {
    const leaseSeconds = Math.ceil(config.TANDEM_WEBHOOK_TIMEOUT_MS / 1000) + 60;
    const claimed = await withSystem(database.db, (tx) => repo.claimDue(tx, BATCH, leaseSeconds));
    const keyring = keyringOf(database.db, config);
    await Promise.all(
      claimed.map(async (delivery) => {
        // A secret that does not open (a lost or unset KEK) fails the attempt, not the batch.
        const secret = await signingSecret(keyring, delivery.subscription_id, delivery.secret).catch(
          (err: unknown) => err as Error,
        );
        const attempt =
          secret instanceof Error
            ? { ok: false, responseStatus: null, latencyMs: null, error: `signing secret: ${secret.message}` }
            : await post(
                delivery,
                secret,
                config.TANDEM_WEBHOOK_TIMEOUT_MS,
                config.TANDEM_WEBHOOK_ALLOW_PRIVATE,
              );
        const exhausted = delivery.attempts >= config.TANDEM_DELIVERY_MAX_ATTEMPTS;
        const status = attempt.ok ? 'succeeded' : exhausted ? 'failed' : 'pending';
        await withSystem(database.db, async (tx) => {
          await repo.recordAttempt(tx, delivery.id, {
            status,
            responseStatus: attempt.responseStatus,
            latencyMs: attempt.latencyMs,
            error: attempt.error,
            retryInMs:
              status === 'pending'
                ? retryDelayMs(delivery.attempts, config.TANDEM_DELIVERY_BACKOFF_MS)
                : null,
          });
          if (delivery.message_id) await settleMessage(tx, delivery.message_id);
        });
      }),
    );
    return claimed.length;
  },
};

/** A social reply is sent once any bridge took it, failed once every bridge gave up, pending otherwise. */
async function settleMessage(tx: Parameters<typeof repo.deliveriesOfMessage>[0], messageId: string) {
  const all = await repo.deliveriesOfMessage(tx, messageId);
  const errors = all.map((d) => d.last_error).filter(Boolean);
  if (all.some((d) => d.status === 'succeeded')) {
    await recordMessageDelivery(tx, messageId, { status: 'sent' });
  } else if (all.every((d) => d.status === 'failed')) {
    await recordMessageDelivery(tx, messageId, { status: 'failed', error: errors.join('; ').slice(0, 1000) });
  } else {
    await recordMessageDelivery(tx, messageId, { status: 'pending', error: errors[0] ?? null });
  }
}
