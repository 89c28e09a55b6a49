// The response parser on what follows a refusal (RFC 9112 §6.3 bodies) and
// on a stream that ends early. The 101 and header cases are in
// response-parser.test.ts.
import { WebSocketConnectionClosedException } from "@wsclient/errors";
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
  str,
} from "./test-support.js";

describe("non-101 bodies (RFC 9112 §6.3)", () => {
  it("reads Content-Length bytes, split anywhere", () => {
    const o = parseEverySplit(
      bin(
        "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic\r\nContent-Length: 12\r\n\r\nno entry :-(after",
      ),
    );
    const r = response(o);
    expect(r.status).toBe(401);
    expect(str(r.body)).toBe("no entry :-(");
    expect(r.bodyTruncated).toBe(false);
    expect(o.kind === "response" && o.restAll).toBe("after");
  });

  it("Content-Length: 0 completes at the blank line", () => {
    const r = response(parseChunks([bin("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")]));
    expect(r.body).toHaveLength(0);
  });

  it("keeps at most maxBodyBytes and returns once it has them", () => {
    const body = "x".repeat(100);
    const text = `HTTP/1.1 500 Oops\r\nContent-Length: 100000\r\n\r\n${body}`;
    const r = response(parseEverySplit(bin(text), { maxBodyBytes: 10 }));
    expect(str(r.body)).toBe("x".repeat(10));
    expect(r.bodyTruncated).toBe(true);
  });

  it("a short body at end of stream is returned as it is, marked truncated", () => {
    const r = response(
      parseEverySplit(bin("HTTP/1.1 404 Not Found\r\nContent-Length: 10\r\n\r\nnope"), {
        eof: true,
      }),
    );
    expect(str(r.body)).toBe("nope");
    expect(r.bodyTruncated).toBe(true);
  });

  it("without Content-Length the body runs to the end of the stream", () => {
    const text = "HTTP/1.0 404 Not Found\r\nConnection: close\r\n\r\nnot here";
    expect(parseChunks([bin(text)]).kind).toBe("need-more");
    const r = response(parseEverySplit(bin(text), { eof: true }));
    expect(str(r.body)).toBe("not here");
    expect(r.bodyTruncated).toBe(false);
  });

  it("decodes a chunked body with extensions and trailers, split anywhere", () => {
    const text =
      "HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: gzip, chunked\r\n\r\n" +
      "5;ext=1\r\nhello\r\n" +
      "7\r\n, world\r\n" +
      "0\r\nX-Trailer: 1\r\n\r\nafter";
    const o = parseEverySplit(bin(text));
    expect(str(response(o).body)).toBe("hello, world");
    expect(o.kind === "response" && o.restAll).toBe("after");
  });

  it("stops a chunked body at maxBodyBytes", () => {
    const text =
      "HTTP/1.1 400 Bad\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n5\r\nworld\r\n";
    const r = response(parseEverySplit(bin(text), { maxBodyBytes: 7 }));
    expect(str(r.body)).toBe("hellowo");
    expect(r.bodyTruncated).toBe(true);
  });

  it.each([
    ["zz\r\n", /bad chunk size line "zz"/],
    ["5\r\nhelloXX\r\n", /chunk data is not followed by CRLF/],
    ["1234567890abc\r\n", /bad chunk size line/],
    [`${"0".repeat(MAX_CHUNK_LINE + 1)}`, /a line is longer than 1024 bytes/],
  ])("refuses the chunked body %j", (chunks, message) => {
    const text = `HTTP/1.1 400 Bad\r\nTransfer-Encoding: chunked\r\n\r\n${chunks}`;
    expect(error(parseEverySplit(bin(text)))).toMatch(message);
  });

  it("a Transfer-Encoding not ending in chunked reads to the end of the stream", () => {
    const text = "HTTP/1.1 400 Bad\r\nTransfer-Encoding: gzip\r\n\r\nraw";
    expect(str(response(parseChunks([bin(text)], { eof: true })).body)).toBe("raw");
  });

  it.each([["abc"], ["-1"], ["1, 2"], ["1e3"], ["9999999999999999"]])(
    "refuses Content-Length %j",
    (cl) => {
      const text = `HTTP/1.1 404 Not Found\r\nContent-Length: ${cl}\r\n\r\n`;
      expect(error(parseChunks([bin(text)]))).toMatch(/an invalid Content-Length/);
    },
  );

  it("accepts a repeated identical Content-Length", () => {
    const text = "HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nab";
    expect(str(response(parseChunks([bin(text)])).body)).toBe("ab");
  });

  it.each([[204], [304], [301], [302], [303], [307], [308], [100]])(
    "status %i completes at the blank line without a body",
    (status) => {
      const text = `HTTP/1.1 ${status} X\r\nContent-Length: 5\r\nLocation: /x\r\n\r\nhello`;
      const o = parseChunks([bin(text)]);
      expect(response(o).body).toHaveLength(0);
      expect(o.kind === "response" && o.restAll).toBe("hello");
    },
  );
});

describe("end of stream", () => {
  it("before any byte", () => {
    const p = new ResponseParser();
    expect(() => p.end()).toThrow(WebSocketConnectionClosedException);
    expect(() => p.end()).toThrow(/before any handshake response/);
  });
  it("inside the status line", () => {
    const p = new ResponseParser();
    p.feed(bin("HTTP/1.1 1"));
    expect(() => p.end()).toThrow(/after 10 bytes and before the end of its status line/);
  });
  it("inside the headers", () => {
    const p = new ResponseParser();
    p.feed(bin("HTTP/1.1 101 OK\r\nUpgrade: websocket\r\n"));
    expect(() => p.end()).toThrow(WebSocketConnectionClosedException);
    expect(() => p.end()).toThrow(/after 37 bytes and before the end of its headers/);
  });
  it("feed with something that is not bytes is a caller error", () => {
    expect(() => new ResponseParser().feed("HTTP/1.1" as unknown as Uint8Array)).toThrow(
      /expects a Uint8Array/,
    );
  });
  it("feed after a complete response is a caller error", () => {
    const p = new ResponseParser();
    p.feed(bin(RFC_101));
    expect(() => p.feed(bin("x"))).toThrow(/later bytes belong to the WebSocket stream/);
  });
});
