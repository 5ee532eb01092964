import type { Redis } from "ioredis";
import { Semaphore } from "redis-semaphore";
import { RedisSlidingWindowRateLimiter, type RedisSlidingWindowRateLimiterOptions } from "sliding-window-rate-limiter";
import { RedisLost, messageOf } from "./errors.js";
import type { RedisRateLimiterKeys, Release } from "./types.js";
import { msSince, noop, once, sleep, withTimeout } from "./waiting.js";
import { RESTAMP_COMMAND, RESTAMP_LUA, type Restamper, WindowEntry } from "./window-entry.js";

const IN_FLIGHT_POLL_MS = 10;

export interface SharedWindowSettings {
  keys: RedisRateLimiterKeys;
  /** The window as counted in Redis: windowMs plus the margin. */
  windowMs: number;
  limit: number;
  maxInFlight?: number | undefined;
  operationTimeoutMs: number;
  inFlightLeaseMs: number;
}

/** The limit as Redis keeps it for every process: the sliding window of sends and the in-flight leases. */
export class SharedWindow implements Restamper {
  private readonly window: RedisSlidingWindowRateLimiter;
  /**
   * How far ahead an in-flight send is stamped. Below the key's TTL, which sliding-window-rate-limiter sets to the
   * window in *seconds* (its `EXPIRE key interval`), so the key never expires under a send in flight.
   */
  readonly holdMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly s: SharedWindowSettings,
    /** The limiter's close: every wait ends at once. */
    private readonly closing: AbortSignal,
  ) {
    this.holdMs = Math.min(s.inFlightLeaseMs, s.windowMs * 900);
    redis.defineCommand(RESTAMP_COMMAND, { numberOfKeys: 1, lua: RESTAMP_LUA });
    this.window = new RedisSlidingWindowRateLimiter({
      redis: redis as RedisSlidingWindowRateLimiterOptions["redis"],
      interval: s.windowMs,
      operationTimeout: s.operationTimeoutMs,
    });
  }

  restamp(token: string, offsetMs: number, mode = "add"): Promise<number> {
    const command = (this.redis as unknown as Record<string, (...a: unknown[]) => Promise<number>>)[RESTAMP_COMMAND]!;
    const args = [this.s.keys.window, token, this.s.windowMs, offsetMs, mode];
    return withTimeout(command.apply(this.redis, args), this.s.operationTimeoutMs);
  }

  /** A send granted by the shared window (and an in-flight slot); rejects with RedisLost once `lost` fires. */
  async acquire(signal: AbortSignal | undefined, lost: AbortSignal): Promise<Release> {
    const inFlight = await this.takeInFlightSlot(signal, lost);
    let entry: WindowEntry;
    try {
      for (;;) {
        if (lost.aborted) throw new RedisLost("Redis connection closed");
        let reserved: Awaited<ReturnType<RedisSlidingWindowRateLimiter["reserve"]>>;
        try {
          reserved = await this.window.reserve(this.s.keys.window, this.s.limit);
          if (reserved.token) {
            entry = new WindowEntry(this, String(reserved.token));
            if (await entry.confirm()) {
              entry.hold(false);
              break;
            }
            continue; // it aged out while this process stalled: ask again
          }
        } catch (e) {
          throw new RedisLost(`Redis command failed: ${messageOf(e)}`);
        }
        // `reset`: ms until the oldest send that keeps us out leaves the window (Redis server clock). Sends in flight
        // are stamped a lease ahead, so look again within half a window: a release moves its send back to the present.
        const wait = Math.min((reserved.reset ?? 0) + 1, Math.ceil(this.s.windowMs / 2));
        await sleep(Math.max(1, wait), { signal, lost, closing: this.closing });
      }
    } catch (e) {
      if (inFlight) releaseSlot(inFlight);
      throw e;
    }
    const grantedAt = Date.now();
    return once((respondedAt) => {
      entry.released(msSince(respondedAt, grantedAt));
      if (inFlight) releaseSlot(inFlight);
    });
  }

  private async takeInFlightSlot(signal: AbortSignal | undefined, lost: AbortSignal): Promise<Semaphore | undefined> {
    if (!this.s.maxInFlight) return undefined;
    const slot = new Semaphore(this.redis, this.s.keys.inFlight, this.s.maxInFlight, {
      lockTimeout: this.s.inFlightLeaseMs,
      acquireAttemptsLimit: 1,
      retryInterval: 0,
      // redis-semaphore's refresh timer has no error handling (a failed refresh during an outage would be an unhandled
      // rejection), so the lease is long instead of refreshed.
      refreshInterval: 0,
      onLockLost: noop,
    });
    for (;;) {
      if (lost.aborted) throw new RedisLost("Redis connection closed");
      const attempt = slot.tryAcquire();
      let got: boolean;
      try {
        got = await withTimeout(attempt, this.s.operationTimeoutMs);
      } catch (e) {
        // It may still succeed later: hand the slot straight back then.
        attempt.then((late) => late && releaseSlot(slot), noop);
        throw new RedisLost(`Redis command failed: ${messageOf(e)}`);
      }
      if (got) return slot;
      await sleep(IN_FLIGHT_POLL_MS, { signal, lost, closing: this.closing });
    }
  }
}

function releaseSlot(slot: Semaphore): void {
  // Best effort: if Redis is gone the lease expires on its own.
  slot.release().catch(noop);
}
