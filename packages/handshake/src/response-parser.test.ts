import { WebSocketException, WebSocketProtocolException } from "@wsclient/errors";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_CHUNK_LINE } from "./body-reader.js";
import { ResponseParser } from "./response-parser.js";
import {
  bin,
  error,
  parseChunks,
  parseEverySplit,
  RFC_101,
  response,
  splitAt,
  str,
  summary,
} from "./test-support.js";

describe("RFC 6455 §4.2.2 reading the server's handshake", () => {
  it("parses the RFC's 101 and keeps the frame bytes after it, split anywhere", () => {
    const o = parseEverySplit(bin(`${RFC_101}\x81\x05Hello`));
    const r = response(o);
    expect(r.status).toBe(101);
    expect(r.statusMessage).toBe("Switching Protocols");
    expect(r.httpVersion).toBe("1.1");
    expect({ ...r.headers }).toEqual({
      upgrade: "websocket",
      connection: "Upgrade",
      "sec-websocket-accept": "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
      "sec-websocket-protocol": "chat",
    });
    expect(r.rawHeaders[0]).toEqual(["Upgrade", "websocket"]);
    expect(r.body).toHaveLength(0);
    expect(o.kind === "response" && o.restAll).toBe("\x81\x05Hello");
  });

  it("returns as soon as the blank line arrives, rest empty when nothing followed", () => {
    const p = new ResponseParser();
    expect(p.feed(bin(RFC_101.slice(0, -1)))).toBeNull();
    const r = p.feed(bin("\n"));
    expect(r?.status).toBe(101);
    expect(r?.rest).toHaveLength(0);
    expect(p.done).toBe(true);
    expect(p.end()).toBe(r);
  });

  it("headers are case-insensitive; repeated ones are joined with ', '", () => {
    const r = response(
      parseEverySplit(
        bin("HTTP/1.1 101 OK\r\nUPGRADE: websocket\r\nX-A: 1\r\nx-a:2 \r\nX-Empty:\r\n\r\n"),
      ),
    );
    expect(r.headers.upgrade).toBe("websocket");
    expect(r.headers["x-a"]).toBe("1, 2");
    expect(r.headers["x-empty"]).toBe("");
    expect(r.rawHeaders).toEqual([
      ["UPGRADE", "websocket"],
      ["X-A", "1"],
      ["x-a", "2"],
      ["X-Empty", ""],
    ]);
    expect(Object.getPrototypeOf(r.headers)).toBeNull();
  });

  it("keeps a __proto__ header as data", () => {
    const r = response(parseChunks([bin("HTTP/1.1 101 OK\r\n__proto__: x\r\n\r\n")]));
    expect(Object.entries(r.headers)).toEqual([["__proto__", "x"]]);
  });

  it("accepts bare LF line ends (RFC 9112 §2.2) and an empty or missing reason phrase", () => {
    const r = response(parseEverySplit(bin("HTTP/1.1 101\nUpgrade: websocket\n\nrest")));
    expect(r.statusMessage).toBe("");
    expect(r.headers.upgrade).toBe("websocket");
    expect(response(parseChunks([bin("HTTP/1.1 101 \r\n\r\n")])).statusMessage).toBe("");
    expect(
      response(parseChunks([bin("HTTP/1.0 404 Not  Found\r\n\r\n")], { eof: true })).statusMessage,
    ).toBe("Not  Found");
  });

  it("decodes header values and the reason phrase as UTF-8", () => {
    const r = response(parseChunks([bin("HTTP/1.1 101 \xc3\xa9\r\nX: caf\xc3\xa9\r\n\r\n")]));
    expect(r.statusMessage).toBe("\u00e9");
    expect(r.headers.x).toBe("caf\u00e9");
  });
});

describe("RFC 9112 §4 status line errors", () => {
  it.each([
    [
      "SSH-2.0-OpenSSH_9.2\r\n",
      /does not start with "HTTP\/" \(it starts with "S"\): the server does not speak HTTP/,
    ],
    ["\x16\x03\x01\x02\x00\x01", /it starts with "\\u0016"/],
    ["HTTP:1.1 101\r\n", /it starts with "HTTP:"/],
    ["HTTP/1.1 10 OK\r\n", /malformed status line "HTTP\/1.1 10 OK"/],
    ["HTTP/1.1 1011 OK\r\n", /malformed status line/],
    ["HTTP/1.1  101 OK\r\n", /malformed status line/],
    ["HTTP/1.1\r\n", /malformed status line "HTTP\/1.1"/],
    ["HTTP/2.0 101 OK\r\n", /unsupported HTTP version 2.0/],
    ["HTTP/1.1 101 OK\x00\r\n", /a control character in the reason phrase/],
    ["HTTP/1.1 101 O\rK\r\n", /a bare CR inside the line "HTTP\/1.1 101 O\\rK"/],
    ["\r\n", /it starts with "\\r"/],
  ])("refuses %j", (text, message) => {
    const o = parseEverySplit(bin(text));
    expect(error(o)).toMatch(/^WebSocketProtocolException: Invalid handshake response: /);
    expect(error(o)).toMatch(message);
  });

  it("fails on the first byte that cannot start HTTP/, without waiting for a line end", () => {
    const p = new ResponseParser();
    expect(() => p.feed(bin("<"))).toThrow(WebSocketProtocolException);
  });
});

describe("RFC 9112 §5 header field errors", () => {
  const head = "HTTP/1.1 101 Switching Protocols\r\n";
  it.each([
    [" folded\r\n", /obsolete line folding/],
    [
      "X: a\r\n\tcontinued\r\n",
      /obsolete line folding \(a header line starting with whitespace\): "\\tcontinued"/,
    ],
    ["NoColon\r\n", /a header line without a colon: "NoColon"/],
    [": empty\r\n", /a header line with an empty name/],
    ["X-A : 1\r\n", /an invalid character in the header name "X-A "/],
    ["X(A): 1\r\n", /an invalid character in the header name/],
    ["X: a\x00b\r\n", /a control character \(0x00\) in the value of header "X"/],
    ["X: a\x7fb\r\n", /a control character \(0x7f\) in the value of header "X"/],
    ["X: a\x1bb\r\n", /0x1b/],
    ["X: a\rb\r\n", /a bare CR inside the line/],
  ])("refuses %j", (line, message) => {
    const o = parseEverySplit(bin(`${head}${line}\r\n`));
    expect(error(o)).toMatch(message);
  });

  it("allows HTAB inside a value", () => {
    expect(response(parseChunks([bin(`${head}X: a\tb\r\n\r\n`)])).headers.x).toBe("a\tb");
  });
});

describe("limits", () => {
  const head = "HTTP/1.1 101 Switching Protocols\r\n";

  it("maxHeaderBytes counts the status line, header lines and the blank line", () => {
    const text = `${head}X: ${"a".repeat(100)}\r\n\r\n`;
    const size = text.length;
    expect(response(parseEverySplit(bin(text), { maxHeaderBytes: size })).status).toBe(101);
    expect(error(parseEverySplit(bin(text), { maxHeaderBytes: size - 1 }))).toMatch(
      new RegExp(`the status line and headers exceed ${size - 1} bytes`),
    );
  });

  it("defaults to 16 KiB and fails before buffering more, even with no line end", () => {
    const p = new ResponseParser();
    p.feed(bin(`${head}X: `));
    const junk = bin("a".repeat(1000));
    let thrown: unknown;
    for (let i = 0; i < 100 && thrown === undefined; i++) {
      try {
        p.feed(junk);
        expect(p.bufferedBytes).toBeLessThanOrEqual(16 * 1024);
      } catch (e) {
        thrown = e;
      }
    }
    expect(thrown).toBeInstanceOf(WebSocketProtocolException);
    expect(String(thrown)).toMatch(/exceed 16384 bytes/);
    // A failed parser keeps failing with the same error.
    expect(() => p.feed(bin("\r\n"))).toThrow(thrown as Error);
    expect(() => p.end()).toThrow(thrown as Error);
  });

  it("an oversized status line alone fails too", () => {
    expect(error(parseChunks([bin(`HTTP/1.1 101 ${"x".repeat(20000)}\r\n`)]))).toMatch(
      /exceed 16384/,
    );
  });

  it("maxHeaders bounds the number of header lines (default 100)", () => {
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `X-${i}: ${i}\r\n`).join("");
    expect(response(parseChunks([bin(`${head}${lines(100)}\r\n`)])).rawHeaders).toHaveLength(100);
    expect(error(parseChunks([bin(`${head}${lines(101)}\r\n`)]))).toMatch(
      /more than 100 header lines/,
    );
    expect(error(parseChunks([bin(`${head}${lines(3)}\r\n`)], { maxHeaders: 2 }))).toMatch(
      /more than 2 header lines/,
    );
  });

  it("refuses bad limits with a typed error", () => {
    expect(() => new ResponseParser({ maxHeaderBytes: -1 })).toThrow(
      /Invalid maxHeaderBytes -1: expected an integer >= 0/,
    );
    expect(() => new ResponseParser({ maxBodyBytes: 1.5 })).toThrow(WebSocketException);
  });
});

describe("properties (fast-check)", () => {
  const valid = [
    `${RFC_101}\x81\x02hi\x88\x00`,
    "HTTP/1.1 401 Unauthorized\r\nContent-Length: 5\r\nX: y\r\n\r\nhello",
    "HTTP/1.1 400 Bad\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\nrest",
    "HTTP/1.1 302 Found\r\nLocation: ws://elsewhere/\r\n\r\n",
    "HTTP/1.1 101 OK\nUpgrade: websocket\n\n",
  ];

  it("any chunking of a response parses the same", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...valid),
        fc.array(fc.nat(), { maxLength: 12 }),
        (text, cuts) => {
          const bytes = bin(text);
          const whole = summary(parseChunks([bytes]));
          const chunked = summary(
            parseChunks(
              splitAt(
                bytes,
                cuts.map((c) => c % (bytes.length + 1)),
              ),
            ),
          );
          expect(chunked).toEqual(whole);
          expect(whole).toMatchObject({ kind: "response" });
        },
      ),
      { numRuns: 500 },
    );
  });

  const tokenChars =
    "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  const token = fc
    .array(fc.constantFrom(...tokenChars.split("")), { minLength: 1, maxLength: 12 })
    .map((a) => a.join(""));
  const fieldValue = fc
    .array(
      fc.integer({ min: 0x20, max: 0xff }).filter((c) => c !== 0x7f),
      { maxLength: 30 },
    )
    .map((codes) => String.fromCharCode(...codes).trim());
  const generated = fc.record({
    status: fc.constantFrom(101, 200, 400, 401, 403, 404, 426, 500, 503),
    headers: fc.array(fc.tuple(token, fieldValue), { maxLength: 8 }),
    body: fc.string({ maxLength: 40 }).map((b) => b.replace(/[^\x00-\xff]/g, "?")),
    framing: fc.constantFrom("length", "chunked", "eof"),
    lf: fc.boolean(),
    trailing: fc.string({ maxLength: 10 }).map((b) => b.replace(/[^\x00-\xff]/g, "?")),
  });

  it("generated responses parse to what was generated, however they are chunked", () => {
    fc.assert(
      fc.property(generated, fc.array(fc.nat(), { maxLength: 10 }), (g, cuts) => {
        const eol = g.lf ? "\n" : "\r\n";
        const headers = g.headers.filter(([n]) => !/^(content-length|transfer-encoding)$/i.test(n));
        let framing = "";
        let payload = "";
        if (g.status !== 101) {
          if (g.framing === "length") {
            framing = `Content-Length: ${g.body.length}${eol}`;
            payload = g.body;
          } else if (g.framing === "chunked") {
            framing = `Transfer-Encoding: chunked${eol}`;
            payload = g.body.length > 0 ? `${g.body.length.toString(16)}${eol}${g.body}${eol}` : "";
            payload += `0${eol}${eol}`;
          } else {
            payload = g.body;
          }
        }
        const text =
          `HTTP/1.1 ${g.status} Reason${eol}` +
          headers.map(([n, v]) => `${n}: ${v}${eol}`).join("") +
          framing +
          eol +
          payload +
          (g.status === 101 || g.framing !== "eof" ? g.trailing : "");
        const bytes = bin(text);
        const eof = g.status !== 101 && g.framing === "eof";
        const whole = parseChunks([bytes], { eof });
        const chunked = parseChunks(
          splitAt(
            bytes,
            cuts.map((c) => c % (bytes.length + 1)),
          ),
          { eof },
        );
        expect(summary(chunked)).toEqual(summary(whole));
        const r = response(whole);
        expect(r.status).toBe(g.status);
        expect(r.rawHeaders.slice(0, headers.length).map(([n]) => n)).toEqual(
          headers.map(([n]) => n),
        );
        expect(str(r.body)).toBe(g.status === 101 ? "" : g.body);
        if (g.status === 101 || g.framing !== "eof") {
          expect(whole.kind === "response" && whole.restAll).toBe(g.trailing);
        }
      }),
      { numRuns: 1000 },
    );
  });

  const limits = { maxHeaderBytes: 256, maxHeaders: 8, maxBodyBytes: 64 };
  const bound = limits.maxBodyBytes + Math.max(limits.maxHeaderBytes, MAX_CHUNK_LINE);

  function checkRandom(chunks: Uint8Array[], eof: boolean): void {
    const o = parseChunks(chunks, { ...limits, eof }, (p) => {
      expect(p.bufferedBytes).toBeLessThanOrEqual(bound);
    });
    // parseChunks rethrows anything that is not a WebSocketException.
    expect(["response", "need-more", "error"]).toContain(o.kind);
    if (o.kind === "need-more") expect(o.buffered).toBeLessThanOrEqual(bound);
    if (o.kind === "response") expect(o.response.body.length).toBeLessThanOrEqual(64);
  }

  it("random bytes end in a response, 'need more' or a typed error", () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 10 }),
        fc.boolean(),
        checkRandom,
      ),
      { numRuns: 2000 },
    );
  });

  it("random header-ish bytes after a valid status line too", () => {
    const alphabet = fc.constantFrom(
      ...'HTTP/1.1 101 :\r\n\t\x00\x7f,;="aZ0-chunkedContent-LengthTransfer-Encoding'.split(""),
      "Content-Length: ",
      "Transfer-Encoding: chunked",
      "\r\n\r\n",
      "\xff",
    );
    fc.assert(
      fc.property(
        fc.constantFrom("HTTP/1.1 101 OK\r\n", "HTTP/1.1 404 No\r\n", "HTTP/1.0 500 \r\n", ""),
        fc.array(alphabet, { maxLength: 120 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.boolean(),
        (status, parts, cuts, eof) => {
          const bytes = bin(status + parts.join(""));
          const whole = parseChunks([bytes], { ...limits, eof });
          const chunks = splitAt(
            bytes,
            cuts.map((c) => c % (bytes.length + 1)),
          );
          checkRandom(chunks, eof);
          expect(summary(parseChunks(chunks, { ...limits, eof }))).toEqual(summary(whole));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
