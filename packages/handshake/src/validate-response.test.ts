import {
  WebSocketBadStatusException,
  WebSocketException,
  WebSocketProtocolException,
} from "@wsclient/errors";
import { describe, expect, it } from "vitest";
import { acceptKey } from "./accept-key.js";
import { buildRequest } from "./build-request.js";
import { bin, parseChunks } from "./test-support.js";
import { type OfferedHandshake, validateResponse } from "./validate-response.js";

const KEY = "dGhlIHNhbXBsZSBub25jZQ==";
const ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

function parse(text: string) {
  const o = parseChunks([bin(text)], { eof: true });
  if (o.kind !== "response") throw new Error(`not a response: ${o.kind}`);
  return o.response;
}

function ok101(
  extra = "",
  { upgrade = "websocket", connection = "Upgrade", accept = ACCEPT } = {},
) {
  return parse(
    `HTTP/1.1 101 Switching Protocols\r\nUpgrade: ${upgrade}\r\nConnection: ${connection}\r\n` +
      `Sec-WebSocket-Accept: ${accept}\r\n${extra}\r\n`,
  );
}

function check(res: ReturnType<typeof parse>, req: OfferedHandshake = { key: KEY }) {
  return () => validateResponse(res, req);
}

describe("RFC 6455 §4.1 validating the server's response", () => {
  it("accepts the RFC's example and reports what was negotiated", () => {
    const req = buildRequest(
      { hostname: "server.example.com", port: 80, resource: "/chat", isSecure: false },
      { key: KEY, subprotocols: ["chat", "superchat"] },
    );
    const n = validateResponse(ok101("Sec-WebSocket-Protocol: chat\r\n"), req);
    expect(n.subprotocol).toBe("chat");
    expect(n.extensions).toEqual([]);
    expect(n.headers["sec-websocket-accept"]).toBe(ACCEPT);
  });

  describe("step 1: status 101", () => {
    it("any other status is a WebSocketBadStatusException with code, message, headers, body", () => {
      const res = parse(
        'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm="x"\r\nContent-Length: 12\r\n\r\nno entry :-(',
      );
      let err: unknown;
      try {
        validateResponse(res, { key: KEY });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(WebSocketBadStatusException);
      const e = err as WebSocketBadStatusException;
      expect(e.statusCode).toBe(401);
      expect(e.statusMessage).toBe("Unauthorized");
      expect({ ...e.respHeaders }).toEqual({
        "www-authenticate": 'Basic realm="x"',
        "content-length": "12",
      });
      expect(Buffer.from(e.respBody).toString()).toBe("no entry :-(");
      expect(e.message).toBe(
        'Handshake status 401 Unauthorized -+-+- {"www-authenticate":"Basic realm=\\"x\\"","content-length":"12"} -+-+- "no entry :-("',
      );
      expect(e.code).toBe("WSC_ERR_BAD_STATUS");
    });

    it("a redirect status is a bad status too (decide redirects first with isRedirect)", () => {
      expect(check(parse("HTTP/1.1 302 Found\r\nLocation: /x\r\n\r\n"))).toThrow(
        WebSocketBadStatusException,
      );
    });

    it("a long body is cut in the message, whole in respBody", () => {
      const body = "b".repeat(300);
      const res = parse(`HTTP/1.1 500 Oops\r\nContent-Length: 300\r\n\r\n${body}`);
      expect(check(res)).toThrow(/ -\+-\+- "b{200}"…$/);
    });

    it("shows a text body as text (respBodyText too) and says when it is binary", () => {
      const head = bin("HTTP/1.1 403 Forbidden\r\nContent-Length: 14\r\n\r\n");
      const o = parseChunks([head, new TextEncoder().encode("κόσμε: no")], { eof: true });
      if (o.kind !== "response") throw new Error(o.kind);
      let err: WebSocketBadStatusException | undefined;
      try {
        validateResponse(o.response, { key: KEY });
      } catch (e) {
        err = e as WebSocketBadStatusException;
      }
      expect(err?.message).toMatch(/ -\+-\+- "κόσμε: no"$/);
      expect(err?.respBodyText).toBe("κόσμε: no");
      expect(err?.respBody).toBeInstanceOf(Uint8Array); // the bytes stay bytes

      const binary = parse("HTTP/1.1 500 Oops\r\nContent-Length: 4\r\n\r\n\xff\x00\xfe\x01");
      expect(check(binary)).toThrow(/ -\+-\+- <4 bytes, not UTF-8 text>$/);
      const nul = parse("HTTP/1.1 500 Oops\r\nContent-Length: 3\r\n\r\na\u0000b");
      expect(check(nul)).toThrow(/ -\+-\+- <3 bytes, not text>$/);
    });

    it("an empty reason phrase leaves no trailing space", () => {
      expect(check(parse("HTTP/1.1 404\r\nContent-Length: 0\r\n\r\n"))).toThrow(
        /^Handshake status 404 -\+-\+- /,
      );
    });
  });

  describe("the 101 must be HTTP/1.1 or later (RFC 6455 §4.1)", () => {
    const answer = (version: string) =>
      parse(
        `HTTP/${version} 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Accept: ${ACCEPT}\r\n\r\n`,
      );
    it("refuses HTTP/1.0 with a typed error", () => {
      expect(check(answer("1.0"))).toThrow(WebSocketProtocolException);
      expect(check(answer("1.0"))).toThrow(
        "Invalid WebSocket handshake response: HTTP/1.0 101: a WebSocket connection needs an HTTP/1.1 (or later) answer",
      );
    });
    it("accepts HTTP/1.1 and later 1.x", () => {
      expect(check(answer("1.1"))).not.toThrow();
      expect(check(answer("1.2"))).not.toThrow();
    });
    it("an HTTP/1.0 error status stays a bad status (its body is worth showing)", () => {
      expect(check(parse("HTTP/1.0 403 Forbidden\r\nContent-Length: 0\r\n\r\n"))).toThrow(
        WebSocketBadStatusException,
      );
    });
  });

  describe("step 2: Upgrade: websocket", () => {
    it("is a case-insensitive token list", () => {
      expect(check(ok101("", { upgrade: "WebSocket" }))).not.toThrow();
      expect(check(ok101("", { upgrade: "foo, websocket" }))).not.toThrow();
    });
    it("refuses a missing or wrong Upgrade, naming the header", () => {
      const missing = parse(
        `HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${ACCEPT}\r\n\r\n`,
      );
      expect(check(missing)).toThrow(WebSocketProtocolException);
      expect(check(missing)).toThrow(
        "Invalid WebSocket handshake response: the Upgrade header is missing",
      );
      expect(check(ok101("", { upgrade: "h2c" }))).toThrow(
        'the Upgrade header is "h2c", not "websocket"',
      );
      expect(check(ok101("", { upgrade: "websockets" }))).toThrow(/Upgrade header/);
    });
  });

  describe("step 3: Connection: Upgrade", () => {
    it("is a case-insensitive token list", () => {
      expect(check(ok101("", { connection: "keep-alive, UPGRADE" }))).not.toThrow();
    });
    it("refuses a missing Connection or one without the upgrade token", () => {
      const missing = parse(
        `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: ${ACCEPT}\r\n\r\n`,
      );
      expect(check(missing)).toThrow("the Connection header is missing");
      expect(check(ok101("", { connection: "keep-alive" }))).toThrow(
        'the Connection header "keep-alive" has no "Upgrade" token',
      );
      expect(check(ok101("", { connection: "upgraded" }))).toThrow(/Connection header/);
    });
  });

  describe("step 4: Sec-WebSocket-Accept", () => {
    it("is compared exactly (Python lower-cases both sides; we do not)", () => {
      expect(check(ok101("", { accept: ACCEPT.toUpperCase() }))).toThrow(
        `Sec-WebSocket-Accept is "${ACCEPT.toUpperCase()}", expected "${ACCEPT}"`,
      );
      expect(check(ok101("", { accept: acceptKey("AAAAAAAAAAAAAAAAAAAAAA==") }))).toThrow(
        /Sec-WebSocket-Accept is/,
      );
      expect(check(ok101(`Sec-WebSocket-Accept: ${ACCEPT}\r\n`))).toThrow(
        /Sec-WebSocket-Accept is/,
      );
    });
    it("ignores leading and trailing whitespace", () => {
      expect(check(ok101("", { accept: `  ${ACCEPT}\t` }))).not.toThrow();
    });
    it("refuses a missing Accept", () => {
      const res = parse(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
      );
      expect(check(res)).toThrow("the Sec-WebSocket-Accept header is missing");
    });
  });

  describe("step 5: Sec-WebSocket-Extensions", () => {
    const offer = "permessage-deflate; client_max_window_bits, x-other";
    it("returns the accepted extensions and their parameters", () => {
      const n = validateResponse(
        ok101(
          'Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits="10"; client_max_window_bits=15\r\n',
        ),
        { key: KEY, extensions: offer },
      );
      expect(n.extensions.map((e) => ({ name: e.name, params: { ...e.params } }))).toEqual([
        {
          name: "permessage-deflate",
          params: { server_max_window_bits: "10", client_max_window_bits: "15" },
        },
      ]);
    });
    it("joins repeated Sec-WebSocket-Extensions headers", () => {
      const n = validateResponse(
        ok101(
          "Sec-WebSocket-Extensions: permessage-deflate\r\nSec-WebSocket-Extensions: x-other\r\n",
        ),
        { key: KEY, extensions: offer },
      );
      expect(n.extensions.map((e) => e.name)).toEqual(["permessage-deflate", "x-other"]);
    });
    it("refuses an extension that was not offered", () => {
      const res = ok101("Sec-WebSocket-Extensions: permessage-deflate\r\n");
      expect(check(res)).toThrow(
        'the server accepted extension "permessage-deflate", which was not offered (none was)',
      );
      expect(
        check(ok101("Sec-WebSocket-Extensions: x-mux\r\n"), { key: KEY, extensions: offer }),
      ).toThrow('the server accepted extension "x-mux", which was not offered');
    });
    it("refuses the same extension twice", () => {
      const res = ok101("Sec-WebSocket-Extensions: x-other, x-other\r\n");
      expect(check(res, { key: KEY, extensions: offer })).toThrow(
        /accepted extension "x-other" twice/,
      );
    });
    it("refuses a malformed value", () => {
      const res = ok101("Sec-WebSocket-Extensions: permessage-deflate; =1\r\n");
      expect(check(res, { key: KEY, extensions: offer })).toThrow(WebSocketProtocolException);
      expect(check(res, { key: KEY, extensions: offer })).toThrow(
        /Invalid WebSocket handshake response: Invalid Sec-WebSocket-Extensions .* expected a parameter name/,
      );
    });
    it("an empty header means none", () => {
      expect(
        validateResponse(ok101("Sec-WebSocket-Extensions:\r\n"), { key: KEY }).extensions,
      ).toEqual([]);
    });
  });

  describe("step 6: Sec-WebSocket-Protocol", () => {
    const req = { key: KEY, subprotocols: ["chat", "superchat"] };
    it("returns the chosen subprotocol, exactly as offered", () => {
      expect(
        validateResponse(ok101("Sec-WebSocket-Protocol: superchat\r\n"), req).subprotocol,
      ).toBe("superchat");
    });
    it("no header means none chosen (null), even when some were offered", () => {
      expect(validateResponse(ok101(), req).subprotocol).toBeNull();
      expect(validateResponse(ok101(), { key: KEY }).subprotocol).toBeNull();
    });
    it("refuses a subprotocol that was not offered", () => {
      expect(check(ok101("Sec-WebSocket-Protocol: mqtt\r\n"), req)).toThrow(
        'the server chose subprotocol "mqtt", which was not offered (offered: chat, superchat)',
      );
      // Subprotocol names are compared exactly.
      expect(check(ok101("Sec-WebSocket-Protocol: CHAT\r\n"), req)).toThrow(/not offered/);
    });
    it("refuses any subprotocol when none was offered", () => {
      expect(check(ok101("Sec-WebSocket-Protocol: chat\r\n"))).toThrow(
        'the server chose subprotocol "chat" but none was offered',
      );
    });
    it("refuses more than one", () => {
      expect(check(ok101("Sec-WebSocket-Protocol: chat, superchat\r\n"), req)).toThrow(
        /names more than one subprotocol/,
      );
      expect(
        check(ok101("Sec-WebSocket-Protocol: chat\r\nSec-WebSocket-Protocol: chat\r\n"), req),
      ).toThrow(/names more than one subprotocol/);
    });
  });

  it("every validation error is a WebSocketException", () => {
    expect(check(ok101("", { upgrade: "x" }))).toThrow(WebSocketException);
  });
});
