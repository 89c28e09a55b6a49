import { WebSocketBadStatusException, WebSocketConnectionClosedException } from "@wsclient/errors";
import { describe, expect, it } from "vitest";
import { normalizeReconnect, type ReconnectOptions } from "./reconnect-policy.js";
import { RetrySchedule } from "./retry-schedule.js";

function schedule(o: ReconnectOptions): RetrySchedule {
  const p = normalizeReconnect(o);
  if (p === null) throw new Error("policy");
  return new RetrySchedule(p);
}
const lost = new WebSocketConnectionClosedException("lost", { closeCode: 1006 });
const tryLater = new WebSocketConnectionClosedException("later", { closeCode: 1013 });

describe("RetrySchedule", () => {
  it("draws growing windows and resets after minUptime", () => {
    const s = schedule({ minDelay: 100, maxDelay: 1000, jitter: "none", minUptime: 500 });
    expect(s.next(lost, null)).toEqual({ retry: true, delay: 200 });
    expect(s.next(lost, 10)).toEqual({ retry: true, delay: 400 });
    expect(s.next(lost, 500)).toEqual({ retry: true, delay: 200 });
  });

  it("does not count a 1013 close as a healthy connection", () => {
    const s = schedule({ minDelay: 100, maxDelay: 1000, jitter: "none", minUptime: 500 });
    s.next(lost, null);
    expect(s.next(tryLater, 60_000)).toEqual({ retry: true, delay: 400 });
  });

  it("waits at least what the predicate asks, keeping the backoff when longer", () => {
    const s = schedule({ minDelay: 100, jitter: "none", shouldReconnect: () => 2000 });
    expect(s.next(lost, null)).toEqual({ retry: true, delay: 2000 });
    const t = schedule({ minDelay: 5000, jitter: "none", shouldReconnect: () => 10 });
    expect(t.next(lost, null)).toEqual({ retry: true, delay: 10_000 });
  });

  it("honours Retry-After on a 503 through the default policy", () => {
    const s = schedule({ minDelay: 100, maxDelay: 400, random: () => 0.5 });
    const unavailable = new WebSocketBadStatusException("503", {
      statusCode: 503,
      respHeaders: { "retry-after": "2" },
    });
    expect(s.next(unavailable, null)).toEqual({ retry: true, delay: 2000 });
  });

  it("stops when the predicate says so, throws, or answers nonsense", () => {
    expect(schedule({ shouldReconnect: () => false }).next(lost, null)).toEqual({
      retry: false,
      error: null,
      gaveUp: false,
    });
    const broke = new Error("predicate broke");
    const thrown = schedule({
      shouldReconnect: () => {
        throw broke;
      },
    }).next(lost, null);
    expect(thrown).toEqual({ retry: false, error: broke, gaveUp: false });
    const bad = schedule({ shouldReconnect: () => -1 }).next(lost, null);
    expect(bad.retry).toBe(false);
    expect(String((bad as { error: Error }).error.message)).toMatch(
      /must return true, false or a delay in ms >= 0, got -1/,
    );
  });

  it("gives up after maxRetries with the last error as cause", () => {
    const s = schedule({ minDelay: 1, maxRetries: 2 });
    expect(s.next(lost, null).retry).toBe(true);
    expect(s.next(lost, null).retry).toBe(true);
    const step = s.next(lost, null);
    expect(step).toMatchObject({ retry: false, gaveUp: true });
    const error = (step as { error: Error }).error;
    expect(error.message).toBe("gave up reconnecting after 2 attempts");
    expect(error.cause).toBe(lost);
  });
});
