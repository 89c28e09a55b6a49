import { describe, expect, it } from "vitest";
import {
  WebSocketAddressException,
  WebSocketBadStatusException,
  WebSocketConnectionClosedException,
  WebSocketException,
  WebSocketPayloadException,
  WebSocketProtocolException,
  WebSocketProxyException,
  WebSocketTimeoutException,
  WebSocketTlsException,
} from "./index.js";

const classes = [
  [WebSocketException, "WSC_ERR_WEBSOCKET"],
  [WebSocketProtocolException, "WSC_ERR_PROTOCOL"],
  [WebSocketPayloadException, "WSC_ERR_PAYLOAD"],
  [WebSocketConnectionClosedException, "WSC_ERR_CONNECTION_CLOSED"],
  [WebSocketTimeoutException, "WSC_ERR_TIMEOUT"],
  [WebSocketProxyException, "WSC_ERR_PROXY"],
  [WebSocketAddressException, "WSC_ERR_ADDRESS"],
  [WebSocketTlsException, "WSC_ERR_TLS"],
] as const;

describe("error family", () => {
  it.each(classes)("%o has a stable code, a name and the Error basics", (Ctor, code) => {
    const err = new Ctor("boom");
    expect(err.code).toBe(code);
    expect(Ctor.code).toBe(code);
    expect(err.name).toBe(Ctor.name);
    expect(err.message).toBe("boom");
    expect(err).toBeInstanceOf(Error);
    expect(err).toBeInstanceOf(WebSocketException);
    expect(WebSocketException.isInstance(err)).toBe(true);
    expect(typeof err.stack).toBe("string");
  });

  it("keeps subclasses apart", () => {
    const err = new WebSocketTimeoutException("slow");
    expect(WebSocketTimeoutException.isInstance(err)).toBe(true);
    expect(WebSocketProxyException.isInstance(err)).toBe(false);
    expect(err instanceof WebSocketProxyException).toBe(false);
    expect(WebSocketTimeoutException.isInstance(new Error("x"))).toBe(false);
    expect(WebSocketException.isInstance(null)).toBe(false);
    expect(WebSocketException.isInstance("WSC_ERR_TIMEOUT")).toBe(false);
  });

  it("carries cause, closeCode and closeReason", () => {
    const cause = new Error("ECONNRESET");
    const err = new WebSocketConnectionClosedException("closed", {
      cause,
      closeCode: 1001,
      closeReason: "going away",
    });
    expect(err.cause).toBe(cause);
    expect(err.closeCode).toBe(1001);
    expect(err.closeReason).toBe("going away");
    expect("cause" in new WebSocketException("no cause")).toBe(false);
  });

  it("WebSocketBadStatusException carries the response", () => {
    const body = new TextEncoder().encode("go away");
    const err = new WebSocketBadStatusException("Handshake status 401 Unauthorized", {
      statusCode: 401,
      statusMessage: "Unauthorized",
      respHeaders: { "www-authenticate": "Basic" },
      respBody: body,
    });
    expect(err.statusCode).toBe(401);
    expect(err.statusMessage).toBe("Unauthorized");
    expect(err.respHeaders).toEqual({ "www-authenticate": "Basic" });
    expect(err.respBody).toBe(body);
    expect(err.code).toBe("WSC_ERR_BAD_STATUS");
    const bare = new WebSocketBadStatusException("x", { statusCode: 500 });
    expect(bare.statusMessage).toBe("");
    expect(bare.respHeaders).toEqual({});
    expect(bare.respBody.length).toBe(0);
  });

  it("identity survives a duplicate install (a second copy of the classes)", () => {
    // A second copy has its own class objects but the same Symbol.for markers.
    class OtherCopyTimeout extends Error {
      constructor() {
        super("from another copy");
        Object.defineProperty(this, Symbol.for("wsclient.error.WSC_ERR_WEBSOCKET"), {
          value: true,
        });
        Object.defineProperty(this, Symbol.for("wsclient.error.WSC_ERR_TIMEOUT"), { value: true });
      }
    }
    const foreign = new OtherCopyTimeout();
    expect(foreign instanceof WebSocketTimeoutException).toBe(true);
    expect(WebSocketException.isInstance(foreign)).toBe(true);
    expect(WebSocketProxyException.isInstance(foreign)).toBe(false);
  });
});
