import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { createDeadlines } from "../src/deadlines.js";

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(0);
});
afterEach(() => vi.useRealTimers());

it("each deadline expires on time, in any order of lengths, on one timer", async () => {
  const deadline = createDeadlines();
  const expired: [string, number][] = [];
  const at = (name: string) => () => void expired.push([name, Date.now()]);
  deadline(300, at("300"));
  deadline(100, at("100"));
  await vi.advanceTimersByTimeAsync(50);
  deadline(100, at("50+100"));
  deadline(1000, at("50+1000"))(); // finished in time: never expires
  expect(vi.getTimerCount()).toBe(1);
  await vi.advanceTimersByTimeAsync(2000);
  expect(expired).toEqual([["100", 100], ["50+100", 150], ["300", 300]]);
  expect(vi.getTimerCount()).toBe(0);
});

it("back-to-back attempts reuse the timer; it is cleared one turn after the last finishes", async () => {
  const deadline = createDeadlines();
  const expire = vi.fn();
  for (let i = 0; i < 1000; i++) deadline(30_000, expire)();
  expect(vi.getTimerCount()).toBe(2); // the deadline timer, and the check that clears it once nothing is pending
  await vi.advanceTimersByTimeAsync(0);
  expect(vi.getTimerCount()).toBe(0);
  const stop = deadline(30_000, expire);
  await vi.advanceTimersByTimeAsync(0);
  expect(vi.getTimerCount()).toBe(1); // pending: its timer stays
  stop();
  await vi.advanceTimersByTimeAsync(0);
  expect(vi.getTimerCount()).toBe(0);
  expect(expire).not.toHaveBeenCalled();
});

it("a stop after expiry changes nothing", async () => {
  const deadline = createDeadlines();
  const expire = vi.fn();
  const stop = deadline(10, expire);
  await vi.advanceTimersByTimeAsync(10);
  expect(expire).toHaveBeenCalledWith(true);
  stop();
  deadline(10, expire);
  await vi.advanceTimersByTimeAsync(10);
  expect(expire).toHaveBeenCalledTimes(2);
});
