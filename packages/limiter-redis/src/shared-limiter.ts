import { createRateLimiter, type RateLimiter } from "@crmkit/core";
import type { Redis } from "ioredis";
import { RateLimiterUnavailableError, RedisLost, abortError, closedError } from "./errors.js";
import type { Validated } from "./options.js";
import { redisClientFor } from "./redis-client.js";
import { SharedWindow } from "./shared-window.js";
import { ACQUIRERS_PER_PROCESS, Turns } from "./turns.js";
import type { RedisRateLimiter, RedisRateLimiterKeys, RedisRateLimiterState, RedisRateLimiterStats, Release } from "./types.js";
import { msSince, noop, once, raceAbort, readyWithin, sleep } from "./waiting.js";
import { WindowEntry } from "./window-entry.js";

/** A send granted on the in-process share while Redis was away; told to Redis when it comes back. */
interface OutsideSend {
  entry: WindowEntry;
  releasedAt?: number;
  told?: boolean;
}

/** Decides each acquire: through the shared window while Redis answers, on this process's share while it does not. */
export class SharedLimiter implements RedisRateLimiter {
  readonly keys: RedisRateLimiterKeys;
  private readonly redis: Redis;
  private readonly ownsRedis: boolean;
  private readonly sharedWindow: SharedWindow;
  /** The window as counted in Redis: windowMs plus the margin. */
  private readonly windowMs: number;
  private readonly share: RateLimiter | undefined;
  private current: RedisRateLimiterState = "redis";
  private readonly counts = { redisGrants: 0, fallbackGrants: 0, outages: 0, recoveries: 0, unavailableErrors: 0 };
  /** Share sends wait until then: by then every send granted through Redis before the outage has left the window. */
  private shareOpensAt = 0;
  private recoveredAt = 0;
  private lastReason = "";
  private outsideSends: OutsideSend[] = [];
  /** Aborted when Redis is lost, so waits on the shared window end at once. */
  private redisLost = new AbortController();
  private readonly closing = new AbortController();
  private readonly turns = new Turns(ACQUIRERS_PER_PROCESS);
  private readonly listeners: [string, (...args: any[]) => void][];

  constructor(private readonly o: Validated) {
    this.keys = o.keys;
    this.windowMs = o.windowMs + o.marginMs;
    const client = redisClientFor(o.redis, { operationTimeoutMs: o.operationTimeoutMs, windowMs: this.windowMs });
    this.redis = client.redis;
    this.ownsRedis = client.ownsRedis;
    this.sharedWindow = new SharedWindow(this.redis, { ...o, windowMs: this.windowMs }, this.closing.signal);
    const f = o.fallback;
    this.share =
      f === "fail"
        ? undefined
        : createRateLimiter({
            limit: Math.max(1, Math.floor(o.limit * f.share)),
            windowMs: this.windowMs,
            ...(o.maxInFlight ? { maxInFlight: Math.max(1, Math.floor(o.maxInFlight * f.share)) } : {}),
          });
    this.listeners = [
      ["close", () => this.lose("Redis connection closed")],
      ["ready", () => this.redisReady("Redis ready again")],
      // Without a listener ioredis reports every failed reconnect on stderr; the state change says it once.
      ["error", noop],
    ];
    for (const [event, f] of this.listeners) this.redis.on(event, f);
  }

  get state(): RedisRateLimiterState {
    return this.current;
  }

  stats(): RedisRateLimiterStats {
    return { state: this.current, ...this.counts };
  }

  acquire(signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(abortError());
    if (this.closing.signal.aborted) return Promise.reject(closedError());
    return (async () => {
      await this.turns.enter(signal, this.closing.signal);
      try {
        return await this.acquireInTurn(signal);
      } finally {
        this.turns.leave();
      }
    })();
  }

  async close(): Promise<void> {
    if (this.closing.signal.aborted) return;
    this.closing.abort();
    for (const [event, f] of this.listeners) this.redis.off(event, f);
    if (this.ownsRedis) await this.redis.quit().catch(() => this.redis.disconnect());
  }

  // ---- one acquire -----------------------------------------------------------------------------------------------

  private async acquireInTurn(signal: AbortSignal | undefined): Promise<Release> {
    // A slot of this process's share, kept across state changes while waiting, so it is never taken twice.
    let share: Release | undefined;
    try {
      for (;;) {
        this.checkRecovery();
        const state = this.current;
        if (state === "redis" || state === "recovering") {
          if (!(await readyWithin(this.redis, this.o.operationTimeoutMs, signal, this.closing.signal))) {
            this.lose(`Redis not ready (${this.redis.status})`);
            continue;
          }
          // Recovering: Redis decides, and this process also stays within its share until everyone is back on Redis.
          if (state === "recovering") share ??= await this.takeShare(signal);
          try {
            const release = await this.sharedWindow.acquire(signal, this.redisLost.signal);
            this.counts.redisGrants++;
            const shareRelease = share;
            share = undefined;
            return shareRelease ? (at?: number) => (release(at), shareRelease(at)) : release;
          } catch (e) {
            if (!(e instanceof RedisLost)) throw e;
            this.lose(e.message);
            continue;
          }
        }
        if (!this.share) {
          this.counts.unavailableErrors++;
          throw new RateLimiterUnavailableError(
            `Redis rate limiter for ${this.o.vendor} is unavailable (${this.lastReason}) and its fallback is "fail"`,
          );
        }
        share ??= await this.takeShare(signal);
        await this.quiet(signal);
        // Redis came back while we waited: this send must go through it.
        if (this.current !== "fallback" || this.readyToRecover()) continue;
        const shareRelease = share;
        share = undefined;
        return this.sendOutside(shareRelease);
      }
    } finally {
      share?.();
    }
  }

  /** After an outage starts, no send outside Redis until every send granted through Redis before it left the window. */
  private async quiet(signal: AbortSignal | undefined): Promise<void> {
    const wait = this.shareOpensAt - Date.now();
    if (wait > 0) await sleep(wait, { signal, closing: this.closing.signal });
  }

  /** A slot of this process's share of the limit (the in-process fallback limiter), after the quiet window. */
  private async takeShare(signal: AbortSignal | undefined): Promise<Release> {
    await this.quiet(signal);
    return raceAbort(this.share!.acquire(signal), undefined, this.closing.signal);
  }

  private sendOutside(shareRelease: Release): Release {
    const now = Date.now();
    this.counts.fallbackGrants++;
    this.outsideSends = this.outsideSends.filter((s) => s.releasedAt === undefined || s.releasedAt > now - this.windowMs);
    const send: OutsideSend = { entry: new WindowEntry(this.sharedWindow) };
    this.outsideSends.push(send);
    return once((respondedAt) => {
      const ago = msSince(respondedAt, now);
      send.releasedAt = Date.now() - ago;
      send.entry.released(ago);
      shareRelease(respondedAt);
    });
  }

  // ---- state changes ---------------------------------------------------------------------------------------------

  private lose(reason: string): void {
    if (this.closing.signal.aborted || this.current === "fallback" || this.current === "unavailable") return;
    this.counts.outages++;
    this.lastReason = reason;
    this.redisLost.abort();
    // Sends granted through Redis before the outage may still be in the window, and this process cannot see them now.
    this.shareOpensAt = Date.now() + this.windowMs;
    this.change(this.share ? "fallback" : "unavailable", reason);
  }

  private redisReady(reason: string): void {
    if (this.closing.signal.aborted) return;
    if (this.current === "unavailable") {
      this.redisLost = new AbortController();
      this.counts.recoveries++;
      return this.change("redis", reason);
    }
    if (this.current !== "fallback") return;
    this.redisLost = new AbortController();
    this.recoveredAt = Date.now() + this.windowMs;
    this.change("recovering", reason);
    // Tell Redis about this process's sends that still hold a slot, before anyone uses the shared window at full rate.
    const now = Date.now();
    for (const send of this.outsideSends) {
      if (send.told || (send.releasedAt !== undefined && send.releasedAt <= now - this.windowMs)) continue;
      send.told = true;
      if (send.releasedAt === undefined) send.entry.hold(true);
      else send.entry.record();
    }
  }

  /** Lazily, on each acquire: recovery hold over, or a Redis that never closed answering again. */
  private checkRecovery(): void {
    if (this.redis.status !== "ready") return;
    if (this.current === "recovering" && Date.now() >= this.recoveredAt) {
      this.counts.recoveries++;
      this.change("redis", "every process has had a window to come back");
    } else if (this.current === "unavailable") this.redisReady("Redis ready");
    else if (this.readyToRecover()) this.redisReady("Redis answering");
  }

  /** In fallback after a failed command on a connection that stayed up: try Redis again once the quiet window is over. */
  private readyToRecover(): boolean {
    return this.current === "fallback" && this.redis.status === "ready" && Date.now() >= this.shareOpensAt;
  }

  private change(to: RedisRateLimiterState, reason: string): void {
    const from = this.current;
    this.current = to;
    const text = `crmkit limiter-redis (${this.o.vendor}): ${from} → ${to}: ${reason}`;
    if (to === "redis") this.o.logger?.info(text);
    else this.o.logger?.warn(text);
    try {
      this.o.onStateChange?.({ from, to, reason, at: Date.now() });
    } catch {
      // A throwing observer must not break rate limiting.
    }
  }
}
