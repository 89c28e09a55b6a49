import { WebSocketException, WebSocketProxyException } from "@wsclient/errors";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseProxyUrl } from "./choose-proxy.js";
import { isNoProxyHost } from "./no-proxy.js";
import { parseTarget, parseUrl } from "./parse-url.js";
import { resolveSockOpt } from "./sockopt.js";

/** Runs `fn`; anything thrown must be an instance of `Type`. */
function onlyThrows(Type: typeof WebSocketException, fn: () => unknown): void {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof Type)) throw err;
  }
}

// Labels start with a letter, so no generated name is an IP literal.
const label = fc.stringMatching(/^[a-z]([a-z0-9-]{0,10}[a-z0-9])?$/);
const hostname = fc.array(label, { minLength: 1, maxLength: 4 }).map((l) => l.join("."));
const path = fc.stringMatching(/^(\/[A-Za-z0-9._~%!$&'()*+,;=:@-]{0,8}){0,4}$/);
const query = fc.option(fc.stringMatching(/^[A-Za-z0-9=&%._-]{0,12}$/), { nil: undefined });

describe("properties", () => {
  it("parseUrl/parseTarget on any string: a result or a WebSocketException, never another error", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string().map((s) => `ws://${s}`),
          fc.string().map((s) => `wss+unix:${s}`),
        ),
        (s) => {
          onlyThrows(WebSocketException, () => parseUrl(s));
          onlyThrows(WebSocketException, () => parseTarget(s));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("parseUrl reads back what a valid URL says", () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        hostname,
        fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
        path,
        query,
        (secure, host, port, p, q) => {
          const url = `${secure ? "wss" : "ws"}://${host}${port ? `:${port}` : ""}${p}${q === undefined ? "" : `?${q}`}#frag`;
          const resource = (p === "" ? "/" : p) + (q ? `?${q}` : "");
          expect(parseUrl(url)).toEqual([host, port ?? (secure ? 443 : 80), resource, secure]);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("isNoProxyHost never throws, whatever the entries", () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.array(fc.string()),
        fc.option(fc.integer({ min: 0, max: 70000 }), { nil: undefined }),
        (host, entries, port) => {
          expect(
            typeof isNoProxyHost(host, entries, {
              env: {},
              ...(port === undefined ? {} : { port }),
            }),
          ).toBe("boolean");
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("a domain entry matches exactly its subdomains", () => {
    fc.assert(
      fc.property(hostname, label, label, (domain, sub, other) => {
        expect(isNoProxyHost(`${sub}.${domain}`, [domain], { env: {} })).toBe(true);
        expect(isNoProxyHost(`${sub}.${domain}`.toUpperCase(), [`.${domain}`], { env: {} })).toBe(
          true,
        );
        if (!`.${other}${domain}`.endsWith(`.${domain}`) && `${other}${domain}` !== domain) {
          expect(isNoProxyHost(`${other}${domain}`, [domain], { env: {} })).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("parseProxyUrl on any string: a result or a WebSocketProxyException", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string().map((s) => `socks5h://${s}`),
        ),
        (s) => {
          onlyThrows(WebSocketProxyException, () => parseProxyUrl(s));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("resolveSockOpt on any JSON value: a result or a WebSocketException", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        onlyThrows(WebSocketException, () => resolveSockOpt(v as never));
      }),
      { numRuns: 1000 },
    );
  });
});

describe("openConnection with junk options", () => {
  it("rejects with a WebSocketException (never a TypeError), without I/O", async () => {
    const { openConnection } = await import("./open-connection.js");
    const junk = fc.record(
      {
        timeout: fc.oneof(fc.constant(0), fc.constant(-1), fc.string(), fc.constant(Number.NaN)),
        sockopt: fc.oneof(fc.string(), fc.array(fc.jsonValue(), { minLength: 1 })),
        sslopt: fc.oneof(fc.string(), fc.integer()),
        signal: fc.oneof(fc.string(), fc.integer(), fc.object()),
        socket: fc.oneof(fc.string(), fc.integer(), fc.object()),
        httpProxyHost: fc.oneof(fc.integer(), fc.object()),
        httpProxyPort: fc.oneof(fc.constant(0), fc.constant(99_999), fc.string()),
        lookup: fc.oneof(fc.string(), fc.integer()),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(junk, async (options) => {
        const keys = Object.keys(options);
        // With every key absent the call would really connect: skip that one case.
        fc.pre(keys.length > 0 && !(keys.length === 1 && keys[0] === "httpProxyPort"));
        let caught: unknown;
        try {
          const conn = await openConnection("ws://127.0.0.1:9/", {
            env: {},
            ...(options as object),
          });
          conn.socket.destroy();
        } catch (err) {
          caught = err;
        }
        expect(WebSocketException.isInstance(caught)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
