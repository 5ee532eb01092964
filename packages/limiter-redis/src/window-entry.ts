import { noop } from "./waiting.js";

/** Where an entry is stamped: the shared window (see SharedWindow). */
export interface Restamper {
  /** How far ahead an in-flight send is stamped. */
  readonly holdMs: number;
  /** Move (or add, with `-`) one entry of the shared window to now + offsetMs; resolves with its new token (0: gone). */
  restamp(token: string, offsetMs: number, mode?: string): Promise<number>;
}

export const RESTAMP_COMMAND = "crmkitRateLimitRestamp";
/**
 * Moves one send in sliding-window-rate-limiter's sorted set (member = score = Redis time in µs) to now + ARGV[3] ms,
 * keeping that layout so the library's own counting and `reset` stay right. With ARGV[4] = "confirm" it returns 0 when
 * the entry is gone (it aged out before we could use it); otherwise it adds the entry if missing (token `-`: a send
 * made outside Redis), whatever the count: a send that happened must be counted.
 */
export const RESTAMP_LUA = `
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
export class WindowEntry {
  private chain: Promise<unknown> = Promise.resolve();
  private keepAlive: ReturnType<typeof setInterval> | undefined;
  /** Set as soon as a stamp is on its way, so a release right after still moves the entry. */
  private inRedis: boolean;
  constructor(
    private readonly window: Restamper,
    private token = "-",
  ) {
    this.inRedis = token !== "-";
  }
  /** Stamp a lease ahead; false if the entry had aged out (the grant is void then). */
  confirm(): Promise<boolean> {
    return this.stamp(this.window.holdMs, "confirm");
  }
  /** Renew the lease every half lease until released (stamping it first if `now`). */
  hold(now: boolean): void {
    if (now) void this.stamp(this.window.holdMs);
    const every = Math.max(1, Math.floor(this.window.holdMs / 2));
    this.keepAlive ??= setInterval(() => void this.stamp(this.window.holdMs), every);
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
      const token = await this.window.restamp(this.token, offsetMs, mode);
      if (!token) return false;
      this.token = String(token);
      return true;
    });
    // Redis gone: the send still counts until its last stamp + window; an emptied Redis forgot it anyway.
    this.chain = next.catch(noop);
    return mode === "confirm" ? next : next.catch(() => false);
  }
}
