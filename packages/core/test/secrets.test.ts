import { inspect } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  AbortError,
  ApiError,
  type AttemptEvent,
  BadRequestError,
  ConflictError,
  ConnectionError,
  ForbiddenError,
  type Logger,
  NotFoundError,
  RateLimitedError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
  UnprocessableError,
  ValidationError,
  bearerAuth,
  headerAuth,
  redactUrl,
  unwrap,
} from "../src/index.js";
import { json, startServer, testClient } from "./helpers.js";

const BEARER = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXRva2Vu.sig9f8e7d6c5b4a";
const ACCESS = "AK8f3a61c2d94b7e10";
const SECRET = "SK7d1e0b5a9c2f4e6d1234";
const SECRETS = [BEARER, "c2VjcmV0LXRva2Vu", ACCESS, SECRET];

let server: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  // A hostile vendor: echoes the full URL and every request header back in its error bodies.
  server = await startServer((req, res, hit) => {
    const m = /\/items\/(\w+)/.exec(req.url!)?.[1];
    if (m == "reset") return req.socket.destroy();
    if (m == "hang") return;
    const echo = { error: `Cannot process ${req.method} ${req.url} for ${JSON.stringify(req.headers)}`, code: "ECHO", details: { url: req.url, headers: hit.headers } };
    if (m == "ok") return json(res, 200, { Status: "Error", ExceptionType: "MXEcho", ExceptionMessage: echo.error });
    json(res, Number(m), echo, { "x-request-id": "rid-1" });
  });
});
afterAll(() => server.close());

it("no secret in any error (message, toString, JSON, stack, inspect), log line or attempt event", async () => {
  const lines: string[] = [];
  const events: AttemptEvent[] = [];
  const logger: Logger = { debug: (m) => lines.push(m), info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
  const opts = { logger, logLevel: "debug" as const, onAttempt: (e: AttemptEvent) => events.push(e), timeout: 100 };
  const lsq = testClient(server.url, opts, headerAuth({ "x-LSQ-AccessKey": ACCESS, "x-LSQ-SecretKey": SECRET })).client;
  const bearer = testClient(server.url, opts, bearerAuth(BEARER)).client;
  const query = { accessKey: ACCESS, secretKey: SECRET };

  const errors: unknown[] = [];
  const call = (c: typeof lsq, id: string, signal?: AbortSignal) =>
    unwrap(c.GET("/items/{id}", { params: { path: { id } }, signal, ...({ querySerializer: () => new URLSearchParams(query).toString() }) })).catch(
      (e) => (errors.push(e), e),
    );
  const kinds: [string, abstract new (...a: never[]) => Error][] = [
    ["400", BadRequestError], ["401", UnauthorizedError], ["403", ForbiddenError], ["404", NotFoundError], ["409", ConflictError],
    ["422", UnprocessableError], ["429", RateLimitedError], ["500", ServerError], ["418", ApiError], ["ok", ApiError],
    ["reset", ConnectionError], ["hang", TimeoutError],
  ];
  for (const c of [lsq, bearer])
    for (const [id, C] of kinds) expect([id, await call(c, id)]).toEqual([id, expect.any(C)]);
  const ac = new AbortController();
  const aborted = call(lsq, "hang", ac.signal);
  setTimeout(() => ac.abort(), 20);
  expect(await aborted).toBeInstanceOf(AbortError);
  errors.push(new ValidationError("secretKey", "must be a non-empty string"));

  // the hostile echoes did reach the errors, scrubbed
  const echoed = errors.find((e) => e instanceof BadRequestError) as ApiError;
  expect(echoed.message).toContain("***");
  expect(JSON.stringify(echoed.details)).toContain("***");

  const texts = [
    ...errors.flatMap((e) => {
      const err = e as Error;
      return [err.message, String(err), JSON.stringify(err), String(err.stack), inspect(err, { depth: 10 })];
    }),
    ...lines,
    JSON.stringify(events),
  ];
  expect(errors.length).toBe(kinds.length * 2 + 2);
  expect(lines.length).toBeGreaterThan(20);
  for (const t of texts) for (const s of SECRETS) expect(t).not.toContain(s);
});

it("redactUrl replaces the documented query secrets, any case", () => {
  expect(
    redactUrl("https://h/p?accessKey=A1&SecretKey=S1&api_access_token=T1&access_token=T2&refresh_token=T3&client_secret=C1&x=1#f"),
  ).toBe("https://h/p?accessKey=***&SecretKey=***&api_access_token=***&access_token=***&refresh_token=***&client_secret=***&x=1#f");
});

it("a mapped error keeps no Request and serializes only its own fields", async () => {
  const { client } = testClient(server.url, {}, bearerAuth(BEARER));
  const r = await client.GET("/items/{id}", { params: { path: { id: "404" } } });
  const e = r.error as ApiError;
  for (const v of Object.values(e)) expect(v).not.toBeInstanceOf(Request);
  expect(Object.keys(e).sort()).toEqual(["code", "correlationId", "details", "operationId", "requestId", "retryable", "status", "vendor"]);
});
