/**
 * Remembers accepted delivery ids for a while, so a repeated delivery can be refused. Implementations must make
 * `claim` atomic: of two concurrent claims of one id, exactly one resolves `true`.
 */
export interface ReplayStore {
  /** Records `id` for `ttlMs`. Resolves `true` when `id` was not recorded (a first delivery), `false` for a repeat. */
  claim(id: string, ttlMs: number): Promise<boolean>;
  /**
   * Forgets `id`. Call it when processing an accepted delivery failed and the vendor will retry it: the retry must
   * not be refused as a replay of a delivery that was never processed.
   */
  release(id: string): Promise<void>;
}

export interface MemoryReplayStore extends ReplayStore {
  /** Ids currently remembered (expired ones are dropped first). */
  size(): number;
}

/**
 * A replay store in this process's memory, with expiry. It protects one process only: receivers behind a load
 * balancer need a shared store (e.g. `createRedisReplayStore` from `@crmkit/limiter-redis`).
 */
export function createMemoryReplayStore(): MemoryReplayStore {
  const expiries = new Map<string, number>();
  const dropExpired = (now: number) => {
    for (const [id, expiresAt] of expiries) if (expiresAt <= now) expiries.delete(id);
  };
  let lastSweep = 0;
  return {
    async claim(id, ttlMs) {
      const now = Date.now();
      // A sweep costs O(size); once a second keeps memory bounded by the delivery rate times the TTL.
      if (now - lastSweep >= 1_000) {
        dropExpired(now);
        lastSweep = now;
      }
      const expiresAt = expiries.get(id);
      if (expiresAt !== undefined && expiresAt > now) return false;
      expiries.set(id, now + ttlMs);
      return true;
    },
    async release(id) {
      expiries.delete(id);
    },
    size() {
      dropExpired(Date.now());
      return expiries.size;
    },
  };
}
