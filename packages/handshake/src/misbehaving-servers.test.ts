/**
 * The byte streams the end-to-end tests' misbehaving raw-TCP servers send,
 * run through parse → validate / redirect exactly as the core client does,
 * whole, split at every byte boundary, and one byte at a time.
 */
import {
  WebSocketBadStatusException,
  WebSocketConnectionClosedException,
  WebSocketException,
  WebSocketProtocolException,
} from "@wsclient/errors";
import { describe, expect, it } from "vitest";
import { acceptKey } from "./accept-key.js";
import { buildRequest, type HandshakeRequest, type RequestOptions } from "./build-request.js";
import { nextRedirect } from "./redirect.js";
import { isRedirect } from "./redirect-status.js";
import { ResponseParser } from "./response-parser.js";
import { bin, splitAt, str } from "./test-support.js";
import { validateResponse } from "./validate-response.js";

const KEY = "dGhlIHNhbXBsZSBub25jZQ==";
const ACCEPT = acceptKey(KEY);
const target = { hostname: "127.0.0.1", port: 9001, resource: "/", isSecure: false };

type Step =
  | { kind: "open"; subprotocol: string | null; rest: string }
  | { kind: "redirect"; location: string | undefined }
  | { kind: "error"; error: unknown; text: string };

/** What the core client does with the bytes of one connection. */
function drive(chunks: Uint8Array[], req: HandshakeRequest, eof: boolean): Step {
  const parser = new ResponseParser();
  try {
    let res = null;
    let i = 0;
    for (; i < chunks.length && res === null; i++) res = parser.feed(chunks[i]!);
    if (res === null) {
      if (!eof) throw new Error("need more bytes");
      res = parser.end();
    }
    if (isRedirect(res.status)) return { kind: "redirect", location: res.headers.location };
    const n = validateResponse(res, req);
    return {
      kind: "open",
      subprotocol: n.subprotocol,
      rest: str(res.rest) + chunks.slice(i).map(str).join(""),
    };
  } catch (error) {
    expect(error).toBeInstanceOf(WebSocketException);
    return { kind: "error", error, text: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

/** Drive whole, then split at every boundary and byte by byte; all must agree. */
function driveEverySplit(text: string, req: HandshakeRequest, eof = true): Step {
  const bytes = bin(text);
  const whole = drive([bytes], req, eof);
  const key = (s: Step) => JSON.stringify(s.kind === "error" ? s.text : s);
  for (let cut = 1; cut < bytes.length; cut++) {
    expect(key(drive(splitAt(bytes, [cut]), req, eof)), `split at ${cut}`).toBe(key(whole));
  }
  expect(
    key(
      drive(
        Array.from(bytes, (b) => Uint8Array.of(b)),
        req,
        eof,
      ),
    ),
  ).toBe(key(whole));
  return whole;
}

function errorOf(step: Step): unknown {
  if (step.kind !== "error") throw new Error(`expected an error, got ${JSON.stringify(step)}`);
  return step.error;
}

const request = (options: RequestOptions = {}) => buildRequest(target, { key: KEY, ...options });

describe("misbehaving servers: the bytes they send end in a typed error", () => {
  it("a good server: 101 and a first frame in the same packet", () => {
    const step = driveEverySplit(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${ACCEPT}\r\n\r\n\x81\x05Hello`,
      request(),
    );
    expect(step).toEqual({ kind: "open", subprotocol: null, rest: "\x81\x05Hello" });
  });

  it("an HTTP/1.0 101 (a WebSocket needs HTTP/1.1 or later)", () => {
    const err = errorOf(
      driveEverySplit(
        `HTTP/1.0 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${ACCEPT}\r\n\r\n\x81\x05Hello`,
        request(),
      ),
    );
    expect(err).toBeInstanceOf(WebSocketProtocolException);
    expect((err as Error).message).toBe(
      "Invalid WebSocket handshake response: HTTP/1.0 101: a WebSocket connection needs an HTTP/1.1 (or later) answer",
    );
  });

  it("garbage status line", () => {
    const err = errorOf(driveEverySplit("garbage\r\n\r\n", request()));
    expect(err).toBeInstanceOf(WebSocketProtocolException);
    expect((err as Error).message).toBe(
      'Invalid handshake response: the status line does not start with "HTTP/" (it starts with "g"): the server does not speak HTTP',
    );
  });

  it("a status line with a non-numeric code", () => {
    const err = errorOf(driveEverySplit("HTTP/1.1 abc Hmm\r\n\r\n", request()));
    expect((err as Error).message).toMatch(/malformed status line "HTTP\/1.1 abc Hmm"/);
  });

  it("oversized headers (20 KiB of them)", () => {
    const many = Array.from({ length: 20 }, (_, i) => `X-Pad-${i}: ${"p".repeat(1024)}\r\n`).join(
      "",
    );
    const text = `HTTP/1.1 101 Switching Protocols\r\n${many}\r\n`;
    expect(text.length).toBeGreaterThan(20 * 1024);
    const parser = new ResponseParser();
    expect(() => parser.feed(bin(text))).toThrow(
      "Invalid handshake response: the status line and headers exceed 16384 bytes",
    );
    // Fed in 1 KiB pieces it never holds more than the limit.
    const p2 = new ResponseParser();
    let err: unknown;
    for (const chunk of splitAt(
      bin(text),
      Array.from({ length: 30 }, (_, i) => (i + 1) * 1024),
    )) {
      try {
        p2.feed(chunk);
      } catch (e) {
        err = e;
        break;
      }
      expect(p2.bufferedBytes).toBeLessThanOrEqual(16 * 1024);
    }
    expect(err).toBeInstanceOf(WebSocketProtocolException);
  });

  it("a single endless header line", () => {
    const p = new ResponseParser();
    p.feed(bin("HTTP/1.1 101 Switching Protocols\r\nX: "));
    const kib = bin("a".repeat(1024));
    let thrown: unknown;
    for (let i = 0; i < 32 && thrown === undefined; i++) {
      try {
        p.feed(kib);
      } catch (e) {
        thrown = e;
      }
    }
    expect(thrown).toBeInstanceOf(WebSocketProtocolException);
    expect(p.bufferedBytes).toBeLessThanOrEqual(16 * 1024);
  });

  it("bad Sec-WebSocket-Accept", () => {
    const err = errorOf(
      driveEverySplit(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: dGhpcyBpcyBub3QgaXQ=\r\n\r\n",
        request(),
      ),
    );
    expect(err).toBeInstanceOf(WebSocketProtocolException);
    expect((err as Error).message).toBe(
      `Invalid WebSocket handshake response: Sec-WebSocket-Accept is "dGhpcyBpcyBub3QgaXQ=", expected "${ACCEPT}"`,
    );
  });

  it("an unoffered subprotocol", () => {
    const text = `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${ACCEPT}\r\nSec-WebSocket-Protocol: evil\r\n\r\n`;
    expect(
      (errorOf(driveEverySplit(text, request({ subprotocols: ["chat"] }))) as Error).message,
    ).toBe(
      'Invalid WebSocket handshake response: the server chose subprotocol "evil", which was not offered (offered: chat)',
    );
    expect((errorOf(driveEverySplit(text, request())) as Error).message).toMatch(
      /chose subprotocol "evil" but none was offered/,
    );
  });

  it("an unoffered extension", () => {
    const text = `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${ACCEPT}\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n`;
    expect((errorOf(driveEverySplit(text, request())) as Error).message).toMatch(
      /accepted extension "permessage-deflate", which was not offered/,
    );
  });

  it("401 with a body", () => {
    const text =
      'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm="ws"\r\nContent-Type: text/plain\r\nContent-Length: 21\r\n\r\nauthentication needed';
    const err = errorOf(driveEverySplit(text, request(), false)) as WebSocketBadStatusException;
    expect(err).toBeInstanceOf(WebSocketBadStatusException);
    expect(err.statusCode).toBe(401);
    expect(err.statusMessage).toBe("Unauthorized");
    expect(err.respHeaders["www-authenticate"]).toBe('Basic realm="ws"');
    expect(Buffer.from(err.respBody).toString()).toBe("authentication needed");
  });

  it("a 500 that closes the connection without Content-Length", () => {
    const text = "HTTP/1.0 500 Internal Server Error\r\nContent-Type: text/plain\r\n\r\nboom";
    const err = errorOf(driveEverySplit(text, request())) as WebSocketBadStatusException;
    expect(err.statusCode).toBe(500);
    expect(Buffer.from(err.respBody).toString()).toBe("boom");
  });

  it("a server that closes mid-headers", () => {
    const err = errorOf(
      driveEverySplit("HTTP/1.1 101 Switching Protocols\r\nUpgrade: webs", request()),
    );
    expect(err).toBeInstanceOf(WebSocketConnectionClosedException);
    expect((err as Error).message).toMatch(/during the handshake response, after 47 bytes/);
  });

  it("a server that closes at once", () => {
    expect(errorOf(drive([], request(), true))).toBeInstanceOf(WebSocketConnectionClosedException);
  });

  it("a redirect loop ends with an error after redirectLimit hops", () => {
    const text = "HTTP/1.1 302 Found\r\nLocation: /loop\r\nContent-Length: 0\r\n\r\n";
    let current = { url: "ws://127.0.0.1:9001/loop", options: {} as RequestOptions };
    let hops = 0;
    let failure: unknown;
    for (let i = 0; i < 10 && failure === undefined; i++) {
      const step = driveEverySplit(text, request(current.options), false);
      expect(step).toEqual({ kind: "redirect", location: "/loop" });
      const parser = new ResponseParser();
      const res = parser.feed(bin(text))!;
      try {
        current = nextRedirect(res, current, hops);
        hops++;
      } catch (e) {
        failure = e;
      }
    }
    expect(hops).toBe(3);
    expect(failure).toBeInstanceOf(WebSocketException);
    expect((failure as Error).message).toMatch(
      /Too many redirects: the redirect limit of 3 is exhausted/,
    );
  });

  it("a redirect to another host strips Authorization, Cookie and userinfo", () => {
    const text =
      "HTTP/1.1 307 Temporary Redirect\r\nLocation: ws://127.0.0.2:9002/elsewhere\r\n\r\n";
    const current = {
      url: "ws://alice:secret@127.0.0.1:9001/",
      options: { cookie: "sid=1", header: ["Cookie: theme=dark", "X-Trace: 7"] },
    };
    const req = buildRequest(
      { ...target, userinfo: { user: "alice", password: "secret" } },
      {
        key: KEY,
        ...current.options,
      },
    );
    expect(req.text).toContain("Authorization: Basic YWxpY2U6c2VjcmV0\r\n");
    expect(req.text).toContain("Cookie: theme=dark; sid=1\r\n");
    const res = new ResponseParser().feed(bin(text))!;
    const next = nextRedirect(res, current, 0);
    expect(next).toEqual({
      url: "ws://127.0.0.2:9002/elsewhere",
      options: { header: ["X-Trace: 7"] },
    });
    const bearer = nextRedirect(
      res,
      { url: current.url, options: { header: { Authorization: "Bearer t" } } },
      0,
    );
    expect(bearer.options).toEqual({ header: {} });
    const nextReq = buildRequest(
      { hostname: "127.0.0.2", port: 9002, resource: "/elsewhere", isSecure: false },
      { key: KEY, ...next.options },
    );
    expect(nextReq.text).not.toMatch(/Authorization|Cookie|secret/);
    expect(nextReq.text).toContain("X-Trace: 7\r\n");
  });
});
