import type { Actor } from '../../platform/db/transaction.js';

/**
 * API-token look-ups, remembered for a few seconds: an integration sending hundreds of requests a
 * second should not pay a database round trip each time to learn who it is. A revoked token or a
 * changed user is forgotten at once in this process (the change calls forgetUser) and in every other
 * process when its domain event arrives on the bus; the TTL bounds staleness if the bus is down.
 */
export class ActorCache {
  private readonly entries = new Map<string, { actor: Actor; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string): Actor | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.actor;
  }

  set(key: string, actor: Actor) {
    if (this.ttlMs <= 0) return;
    // Map keeps insertion order: dropping the first key drops the oldest entry.
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { actor, expiresAt: Date.now() + this.ttlMs });
  }

  forgetUser(userId: string) {
    for (const [key, entry] of this.entries) if (entry.actor.userId === userId) this.entries.delete(key);
  }

  clear() {
    this.entries.clear();
  }
}

/** Every cache of this process (one per app), so a change can be forgotten here at once. */
const processCaches = new Set<ActorCache>();

export function registerActorCache(cache: ActorCache): () => void {
  processCaches.add(cache);
  return () => {
    processCaches.delete(cache);
  };
}

/**
 * Forgets a user's cached tokens in this process now. Called inside the changing transaction; a look-up
 * racing the commit may cache the old state again, which the change's bus event then clears.
 */
export function forgetCachedUser(userId: string) {
  for (const cache of processCaches) cache.forgetUser(userId);
}
