import { createHash } from "node:crypto";
import {
  AbortError,
  CrmkitError,
  ValidationError,
  createRateLimiter,
  type Logger,
  type RateLimiter,
} from "@crmkit/core";
import { Redis, type RedisOptions } from "ioredis";
import { Semaphore } from "redis-semaphore";
import { RedisSlidingWindowRateLimiter, type RedisSlidingWindowRateLimiterOptions } from "sliding-window-rate-limiter";

/**
 * - `redis`: every grant is decided in Redis, shared by all processes on it.
 * - `fallback`: Redis is unreachable; this process sends at most its `share` of the limit (after one quiet window).
 * - `recovering`: Redis is back and decides again, but for one more window this process also stays within its share:
 *   its sends from the outage are written into Redis first, and every other process gets a window to reconnect and do
 *   the same before anyone uses the shared window at full rate.
 * - `unavailable`: Redis is unreachable and `fallback: "fail"`: `acquire` rejects with RateLimiterUnavailableError.
 */
export type RedisRateLimiterState = "redis" | "fallback" | "recovering" | "unavailable";

export interface RedisRateLimiterStateChange {
  from: RedisRateLimiterState;
  to: RedisRateLimiterState;
  /** Why, without secrets (e.g. `Redis connection closed`). */
  reason: string;
  /** `Date.now()` of the change. */
  at: number;
}

export interface RedisRateLimiterStats {
  state: RedisRateLimiterState;
  /** Sends granted by the shared Redis window (while `recovering` too). */
  redisGrants: number;
  /** Sends granted by the in-process share alone, while Redis was unreachable. */
  fallbackGrants: number;
  /** Times this limiter left Redis (to `fallback` or `unavailable`). */
  outages: number;
  /** Times it went back to the shared Redis window. */
  recoveries: number;
  /** `acquire` calls rejected with RateLimiterUnavailableError (`fallback: "fail"`). */
  unavailableErrors: number;
}

export interface RedisRateLimiterOptions {
  /**
   * An ioredis client (yours: `close()` leaves it open), or a `redis://` URL / ioredis options, from which the limiter
   * makes and owns a client tuned to fail fast and reconnect quickly.
   */
  redis: Redis | string | RedisOptions;
  /** Vendor name, part of the key: `"leadsquared"`, `"pexip-engage"`, ... */
  vendor: string;
  /**
   * What identifies the vendor account whose limit this is (LeadSquared access key, HighLevel location token, ...).
   * Only `sha256(vendor + "\0" + credential)` reaches Redis; the value itself is not kept.
   */
  credential: string;
  /** At most `limit` sends in any window of `windowMs`, across every process sharing the Redis. */
  limit: number;
  windowMs: number;
  /** Cap on requests in flight at once across every process (Pexip Engage: 4). */
  maxInFlight?: number;
  /**
   * What to do while Redis is unreachable. Default `{ share: 0.25 }`: after one quiet window, this process alone sends at
   * most `floor(limit × share)` per window (and `floor(maxInFlight × share)` in flight), at least 1. Use `1 / workers`.
   * `"fail"`: `acquire` rejects at once with RateLimiterUnavailableError. Never unlimited.
   */
  fallback?: { share: number } | "fail";
  /** Default `crmkit:rl`. */
  keyPrefix?: string;
  /**
   * Added to `windowMs` in the shared window, for vendors that count with coarse clocks. Default `max(5, 1% of
   * windowMs)` ms. Latency needs no margin: a send holds its slot until its response is in, plus the window.
   */
  marginMs?: number;
  /** A Redis command slower than this counts as Redis being unreachable. Default 1 000 ms. */
  operationTimeoutMs?: number;
  /**
   * A crashed process's sends stop holding their in-flight slot and window entry after this long. Window entries are
   * renewed while their request runs; in-flight slots are not, so make it longer than the client's per-attempt timeout.
   * Default 60 000 ms.
   */
  inFlightLeaseMs?: number;
  /** Told about every state change (outage, recovery). */
  onStateChange?: (change: RedisRateLimiterStateChange) => void;
  /** Outages are logged at `warn`, recoveries at `info`. */
  logger?: Logger;
}

export interface RedisRateLimiter extends RateLimiter {
  readonly state: RedisRateLimiterState;
  /** The Redis keys this limiter uses (hashed; no credential in them). */
  readonly keys: RedisRateLimiterKeys;
  stats(): RedisRateLimiterStats;
  /** Rejects pending `acquire` calls, removes its listeners, and quits the Redis client if the limiter made it. */
  close(): Promise<void>;
}

export interface RedisRateLimiterKeys {
  /** Sorted set of send times (Redis server clock) in the sliding window. */
  window: string;
  /** Sorted set of in-flight leases (only with `maxInFlight`). */
  inFlight: string;
}

/** Redis could not be used and `fallback: "fail"` was chosen, or the limiter was closed. Not retried by the client. */
export class RateLimiterUnavailableError extends CrmkitError {
  static override k = "RateLimiterUnavailableError";
  readonly retryable: boolean = false;
}

/**
 * The keys for a vendor credential. Both share one hash tag (`{…}`), so they live in one slot on a Redis Cluster.
 */
export function redisRateLimiterKeys(vendor: string, credential: string, keyPrefix = "crmkit:rl"): RedisRateLimiterKeys {
  const id = createHash("sha256").update(`${vendor}\0${credential}`).digest("hex");
  return { window: `${keyPrefix}:{${id}}:window`, inFlight: `${keyPrefix}:{${id}}:in-flight` };
}

/** A core `RateLimiter` whose window and in-flight cap are shared through Redis. */
export function createRedisRateLimiter(options: RedisRateLimiterOptions): RedisRateLimiter {
  const o = validate(options);
  return new SharedLimiter(o);
}

// ---- implementation ---------------------------------------------------------------------------------------------

type Validated = Required<Omit<RedisRateLimiterOptions, "maxInFlight" | "onStateChange" | "logger" | "credential">> &
  Pick<RedisRateLimiterOptions, "maxInFlight" | "onStateChange" | "logger"> & { keys: RedisRateLimiterKeys };

/** What `acquire` resolves with; the client passes the time the response arrived (`Date.now()`), when it got one. */
type Release = (respondedAt?: number) => void;

/** Thrown inside the Redis path when Redis can no longer be used; the acquire moves on to the fallback. */
class RedisLost extends Error {}

const noop = () => {};
const IN_FLIGHT_POLL_MS = 10;
const ACQUIRERS_PER_PROCESS = 2;
const RESTAMP_COMMAND = "crmkitRateLimitRestamp";
/**
 * Moves one send in sliding-window-rate-limiter's sorted set (member = score = Redis time in µs) to now + ARGV[3] ms,
 * keeping that layout so the library's own counting and `reset` stay right. With ARGV[4] = "confirm" it returns 0 when
 * the entry is gone (it aged out before we could use it); otherwise it adds the entry if missing (token `-`: a send
 * made outside Redis), whatever the count: a send that happened must be counted.
 */
const RESTAMP_LUA = `
local key = KEYS[1]
local windowMs = tonumber(ARGV[2])
local offsetMs = tonumber(ARGV[3])
local removed = redis.call("ZREM", key, ARGV[1])
if removed == 0 and ARGV[4] == "confirm" then return 0 end
local time = redis.call("TIME")
local stamp = time[1] * 1000000 + time[2] + offsetMs * 1000
while redis.call("ZADD", key, "NX", stamp, stamp) == 0 do stamp = stamp + 1 end
if redis.call("PTTL", key) < offsetMs + windowMs then redis.call("PEXPIRE", key, offsetMs + windowMs) end
return stamp
`;

/**
 * One send's entry in the shared window. The vendor counts a request somewhere between our send and its response, so
 * a send keeps its slot until its response is in, plus a full window: while in flight its entry is stamped a lease
 * ahead (renewed every half lease, so a stalled or slow process keeps it; a crashed one frees it after the lease), and
 * on release it is stamped with the release time.
 */
class WindowEntry {
  private chain: Promise<unknown> = Promise.resolve();
  private keepAlive: ReturnType<typeof setInterval> | undefined;
  /** Set as soon as a stamp is on its way, so a release right after still moves the entry. */
  private inRedis: boolean;
  constructor(
    private readonly limiter: SharedLimiter,
    private token = "-",
  ) {
    this.inRedis = token !== "-";
  }
  /** Stamp a lease ahead; false if the entry had aged out (the grant is void then). */
  confirm(): Promise<boolean> {
    return this.stamp(this.limiter.holdMs, "confirm");
  }
  /** Renew the lease every half lease until released (stamping it first if `now`). */
  hold(now: boolean): void {
    if (now) void this.stamp(this.limiter.holdMs);
    const every = Math.max(1, Math.floor(this.limiter.holdMs / 2));
    this.keepAlive ??= setInterval(() => void this.stamp(this.limiter.holdMs), every);
    this.keepAlive.unref();
  }
  /** Add a send that already finished (stamped now, so it counts a little longer than it must, never less). */
  record(): void {
    void this.stamp(0);
  }
  /** `msAgo`: how long before now the response arrived (the vendor counted the request before that). */
  released(msAgo = 0): void {
    clearInterval(this.keepAlive);
    if (this.inRedis) void this.stamp(-msAgo);
  }
  /** Chained, so a keep-alive and the release never both move the same entry (that would count the send twice). */
  private stamp(offsetMs: number, mode?: "confirm"): Promise<boolean> {
    this.inRedis = true;
    const next = this.chain.then(async () => {
      const token = await this.limiter.restamp(this.token, offsetMs, mode);
      if (!token) return false;
      this.token = String(token);
      return true;
    });
    // Redis gone: the send still counts until its last stamp + window; an emptied Redis forgot it anyway.
    this.chain = next.catch(noop);
    return mode === "confirm" ? next : next.catch(() => false);
  }
}

/** A send granted on the in-process share while Redis was away; told to Redis when it comes back. */
interface OutsideSend {
  entry: WindowEntry;
  releasedAt?: number;
  told?: boolean;
}

class SharedLimiter implements RedisRateLimiter {
  readonly keys: RedisRateLimiterKeys;
  private readonly redis: Redis;
  private readonly ownsRedis: boolean;
  private readonly window: RedisSlidingWindowRateLimiter;
  /** The window as counted in Redis: windowMs plus the margin. */
  private readonly windowMs: number;
  /**
   * How far ahead an in-flight send is stamped. Below the key's TTL, which sliding-window-rate-limiter sets to the
   * window in *seconds* (its `EXPIRE key interval`), so the key never expires under a send in flight.
   */
  readonly holdMs: number;
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
    this.holdMs = Math.min(o.inFlightLeaseMs, this.windowMs * 900);
    if (isRedisClient(o.redis)) {
      this.redis = o.redis;
      this.ownsRedis = false;
      if (this.redis.status === "wait") this.redis.connect().catch(noop);
    } else {
      // Fail fast while disconnected (no offline queue) and reconnect well within a window, so every process is back
      // on Redis before the recovery hold of any other one ends.
      const tuned: RedisOptions = {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        connectTimeout: Math.max(o.operationTimeoutMs, 1_000),
        retryStrategy: (times) => Math.min(50 * times, 1_000, Math.max(50, Math.floor(this.windowMs / 2))),
      };
      this.redis = typeof o.redis === "string" ? new Redis(o.redis, tuned) : new Redis({ ...o.redis, ...tuned });
      this.ownsRedis = true;
    }
    this.redis.defineCommand(RESTAMP_COMMAND, { numberOfKeys: 1, lua: RESTAMP_LUA });
    this.window = new RedisSlidingWindowRateLimiter({
      redis: this.redis as RedisSlidingWindowRateLimiterOptions["redis"],
      interval: this.windowMs,
      operationTimeout: o.operationTimeoutMs,
    });
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

  /** Move (or add, with `-`) one entry of the shared window to now + offsetMs; resolves with its new token (0: gone). */
  restamp(token: string, offsetMs: number, mode = "add"): Promise<number> {
    const command = (this.redis as unknown as Record<string, (...a: unknown[]) => Promise<number>>)[RESTAMP_COMMAND]!;
    const args = [this.keys.window, token, this.windowMs, offsetMs, mode];
    return withTimeout(command.apply(this.redis, args), this.o.operationTimeoutMs);
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
          if (!(await this.readyWithin(this.o.operationTimeoutMs, signal))) {
            this.lose(`Redis not ready (${this.redis.status})`);
            continue;
          }
          // Recovering: Redis decides, and this process also stays within its share until everyone is back on Redis.
          if (state === "recovering") share ??= await this.takeShare(signal);
          try {
            const release = await this.acquireFromRedis(signal);
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

  private async acquireFromRedis(signal: AbortSignal | undefined): Promise<Release> {
    const lost = this.redisLost.signal;
    const inFlight = await this.takeInFlightSlot(signal, lost);
    let entry: WindowEntry;
    try {
      for (;;) {
        if (lost.aborted) throw new RedisLost("Redis connection closed");
        let reserved: Awaited<ReturnType<RedisSlidingWindowRateLimiter["reserve"]>>;
        try {
          reserved = await this.window.reserve(this.keys.window, this.o.limit);
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
        const wait = Math.min((reserved.reset ?? 0) + 1, Math.ceil(this.windowMs / 2));
        await this.sleep(Math.max(1, wait), signal, lost);
      }
    } catch (e) {
      if (inFlight) releaseSlot(inFlight);
      throw e;
    }
    this.counts.redisGrants++;
    const grantedAt = Date.now();
    return once((respondedAt) => {
      entry.released(msSince(respondedAt, grantedAt));
      if (inFlight) releaseSlot(inFlight);
    });
  }

  private async takeInFlightSlot(signal: AbortSignal | undefined, lost: AbortSignal): Promise<Semaphore | undefined> {
    if (!this.o.maxInFlight) return undefined;
    const slot = new Semaphore(this.redis, this.keys.inFlight, this.o.maxInFlight, {
      lockTimeout: this.o.inFlightLeaseMs,
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
        got = await withTimeout(attempt, this.o.operationTimeoutMs);
      } catch (e) {
        // It may still succeed later: hand the slot straight back then.
        attempt.then((late) => late && releaseSlot(slot), noop);
        throw new RedisLost(`Redis command failed: ${messageOf(e)}`);
      }
      if (got) return slot;
      await this.sleep(IN_FLIGHT_POLL_MS, signal, lost);
    }
  }

  /** After an outage starts, no send outside Redis until every send granted through Redis before it left the window. */
  private async quiet(signal: AbortSignal | undefined): Promise<void> {
    const wait = this.shareOpensAt - Date.now();
    if (wait > 0) await this.sleep(wait, signal);
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
    const send: OutsideSend = { entry: new WindowEntry(this) };
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

  // ---- waiting ---------------------------------------------------------------------------------------------------

  private async readyWithin(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
    if (this.redis.status === "ready") return true;
    if (this.redis.status === "end") return false;
    const ready = new Promise<boolean>((resolve) => {
      const onReady = () => (clearTimeout(timer), resolve(true));
      const timer = setTimeout(() => (this.redis.off("ready", onReady), resolve(false)), ms);
      this.redis.once("ready", onReady);
    });
    return raceAbort(ready, signal, this.closing.signal);
  }

  /** Sleep; rejects with AbortError for the caller's signal, the closed error on close, RedisLost when Redis is lost. */
  private sleep(ms: number, signal: AbortSignal | undefined, lost?: AbortSignal): Promise<void> {
    const closing = this.closing.signal;
    const signals = [signal, lost, closing].filter((s): s is AbortSignal => !!s);
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(finish, ms);
      function finish() {
        clearTimeout(timer);
        for (const s of signals) s.removeEventListener("abort", finish);
        if (signal?.aborted) reject(abortError());
        else if (closing.aborted) reject(closedError());
        else if (lost?.aborted) reject(new RedisLost("Redis connection closed"));
        else resolve();
      }
      if (signals.some((s) => s.aborted)) return finish();
      for (const s of signals) s.addEventListener("abort", finish, { once: true });
    });
  }
}

/**
 * At most `width` acquires of this process talk to Redis at once, served FIFO: two, so slots freed together are not
 * taken strictly one round trip after another; not all, because every waiter wakes for every freed slot (with 4
 * instead of 1 per process, the 4-worker test sent Redis about twice the commands for the same throughput).
 */
class Turns {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  constructor(private readonly width: number) {}
  enter(signal: AbortSignal | undefined, closing: AbortSignal): Promise<void> {
    if (this.active < this.width) {
      this.active++;
      return Promise.resolve();
    }
    let resolveTurn!: () => void;
    const turn = new Promise<void>((resolve) => (resolveTurn = resolve));
    this.queue.push(resolveTurn);
    return raceAbort(turn, signal, closing).catch((e: unknown) => {
      const queued = this.queue.indexOf(resolveTurn);
      if (queued >= 0) this.queue.splice(queued, 1);
      else this.leave(); // the turn came with the abort: pass it on
      throw e;
    });
  }
  leave(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.active--;
  }
}

function once(f: Release): Release {
  let done = false;
  return (respondedAt) => {
    if (!done) (done = true), f(respondedAt);
  };
}

/**
 * ms between the response's arrival (`Date.now()` passed to release, if any) and now; never before the grant, so a
 * bogus time cannot free a slot early.
 */
function msSince(respondedAt: number | undefined, grantedAt: number): number {
  const now = Date.now();
  if (typeof respondedAt !== "number" || !Number.isFinite(respondedAt)) return 0;
  return Math.max(0, now - Math.max(respondedAt, grantedAt));
}

function releaseSlot(slot: Semaphore): void {
  // Best effort: if Redis is gone the lease expires on its own.
  slot.release().catch(noop);
}

function abortError(): AbortError {
  return new AbortError("Aborted while waiting for the rate limiter");
}

function closedError(): RateLimiterUnavailableError {
  return new RateLimiterUnavailableError("The Redis rate limiter was closed");
}

/** `promise`, unless `signal` (→ AbortError) or `closing` (→ closed error) fires first. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined, closing: AbortSignal): Promise<T> {
  if (signal?.aborted) return Promise.reject(abortError());
  if (closing.aborted) return Promise.reject(closedError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => (cleanup(), reject(abortError()));
    const onClose = () => (cleanup(), reject(closedError()));
    const cleanup = () => {
      signal?.removeEventListener("abort", onAbort);
      closing.removeEventListener("abort", onClose);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    closing.addEventListener("abort", onClose, { once: true });
    promise.then(
      (v) => (cleanup(), resolve(v)),
      (e) => (cleanup(), reject(e)),
    );
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e) => (clearTimeout(timer), reject(e)),
    );
  });
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

// ---- validation -------------------------------------------------------------------------------------------------

function validate(options: RedisRateLimiterOptions): Validated {
  if (!options || typeof options !== "object") throw new ValidationError("options", "must be an object");
  const { redis, vendor, credential, limit, windowMs, maxInFlight } = options;
  if (!isRedisClient(redis) && !(typeof redis === "string" && redis !== "") && !(redis && typeof redis === "object"))
    throw new ValidationError("redis", "must be an ioredis client, a redis:// URL or ioredis options");
  if (typeof redis === "string" && !/^rediss?:\/\//.test(redis))
    throw new ValidationError("redis", "a URL must start with redis:// or rediss://");
  nonEmpty("vendor", vendor);
  nonEmpty("credential", credential);
  positiveInteger("limit", limit);
  positiveInteger("windowMs", windowMs);
  if (maxInFlight !== undefined) positiveInteger("maxInFlight", maxInFlight);
  const fallback = options.fallback ?? { share: 0.25 };
  if (fallback !== "fail") {
    const share = (fallback as { share?: unknown } | null)?.share;
    if (typeof share !== "number" || !(share > 0 && share <= 1))
      throw new ValidationError("fallback.share", 'must be a number in (0, 1], or fallback must be "fail"');
  }
  const keyPrefix = options.keyPrefix ?? "crmkit:rl";
  nonEmpty("keyPrefix", keyPrefix);
  const marginMs = options.marginMs ?? Math.max(5, Math.ceil(windowMs * 0.01));
  if (!Number.isInteger(marginMs) || marginMs < 0) throw new ValidationError("marginMs", "must be a non-negative integer");
  const operationTimeoutMs = options.operationTimeoutMs ?? 1_000;
  positiveInteger("operationTimeoutMs", operationTimeoutMs);
  const inFlightLeaseMs = options.inFlightLeaseMs ?? 60_000;
  positiveInteger("inFlightLeaseMs", inFlightLeaseMs);
  if (options.onStateChange !== undefined && typeof options.onStateChange !== "function")
    throw new ValidationError("onStateChange", "must be a function");
  return {
    redis,
    vendor,
    limit,
    windowMs,
    maxInFlight,
    fallback,
    keyPrefix,
    marginMs,
    operationTimeoutMs,
    inFlightLeaseMs,
    onStateChange: options.onStateChange,
    logger: options.logger,
    keys: redisRateLimiterKeys(vendor, credential, keyPrefix),
  };
}

/** An ioredis client, also one from another copy of ioredis (where `instanceof` fails). */
function isRedisClient(x: unknown): x is Redis {
  const c = x as Partial<Redis> | null;
  return !!c && typeof c.defineCommand === "function" && typeof c.status === "string" && typeof c.on === "function";
}

function nonEmpty(field: string, value: unknown): asserts value is string {
  if (typeof value !== "string" || value.trim() === "") throw new ValidationError(field, "must be a non-empty string");
}

function positiveInteger(field: string, value: unknown): asserts value is number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1)
    throw new ValidationError(field, "must be a positive integer");
}
export { type RedisReplayStore, type RedisReplayStoreOptions, createRedisReplayStore } from "./replay-store.js";
