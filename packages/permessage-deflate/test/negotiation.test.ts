import { WebSocketException, WebSocketProtocolException } from "@wsclient/errors";
import { describe, expect, it } from "vitest";
import { permessageDeflate } from "../src/index.js";

type Params = Record<string, string | true>;
const params = (p: Params): Params => Object.assign(Object.create(null), p);

describe("RFC 7692 §5, §7.1: the offer", () => {
  it.each([
    [{}, "permessage-deflate; client_max_window_bits"],
    [{ clientMaxWindowBits: false }, "permessage-deflate"],
    [{ clientMaxWindowBits: 10 }, "permessage-deflate; client_max_window_bits=10"],
    [
      { serverNoContextTakeover: true, clientNoContextTakeover: true },
      "permessage-deflate; server_no_context_takeover; client_no_context_takeover; client_max_window_bits",
    ],
    [
      { serverMaxWindowBits: 8, clientMaxWindowBits: 8 },
      "permessage-deflate; server_max_window_bits=8; client_max_window_bits=8",
    ],
    [
      { offers: [{ serverMaxWindowBits: 10, serverNoContextTakeover: true }, {}] },
      "permessage-deflate; server_no_context_takeover; server_max_window_bits=10; client_max_window_bits, permessage-deflate; client_max_window_bits",
    ],
  ])("%j offers %s", (options, offer) => {
    expect(permessageDeflate(options).offer()).toBe(offer);
  });

  it.each([
    [{ threshold: -1 }, /threshold must be an integer from 0/],
    [{ level: 10 }, /level must be an integer from 0 to 9/],
    [{ memLevel: 0 }, /memLevel must be an integer from 1 to 9/],
    [{ serverMaxWindowBits: 7 }, /serverMaxWindowBits must be from 8 to 15/],
    [{ serverMaxWindowBits: 16 }, /serverMaxWindowBits must be from 8 to 15/],
    [{ clientMaxWindowBits: 9.5 }, /clientMaxWindowBits .* must be an integer from 8 to 15/],
    [{ serverNoContextTakeover: "yes" }, /serverNoContextTakeover must be true or false/],
    [{ serverNoContextTakeOver: true }, /unknown option "serverNoContextTakeOver"/],
    [{ offers: [] }, /offers must be a non-empty array/],
    [{ offers: [{}], threshold: 0, serverMaxWindowBits: 9 }, /give serverMaxWindowBits inside/],
    [{ offers: [{ level: 1 }] }, /unknown option "offers\[0\]\.level"/],
    ["fast", /options must be an object/],
  ])("bad option %j is a WebSocketException", (options, message) => {
    const attempt = () => permessageDeflate(options as never);
    expect(attempt).toThrow(WebSocketException);
    expect(attempt).toThrow(message);
  });
});

describe("RFC 7692 §7.1: the server's answer", () => {
  it.each<[string, object, Params, object]>([
    [
      "no parameters",
      {},
      {},
      {
        serverNoContextTakeover: false,
        clientNoContextTakeover: false,
        serverMaxWindowBits: 15,
        clientMaxWindowBits: 15,
      },
    ],
    [
      "every parameter",
      {},
      {
        server_no_context_takeover: true,
        client_no_context_takeover: true,
        server_max_window_bits: "10",
        client_max_window_bits: "9",
      },
      {
        serverNoContextTakeover: true,
        clientNoContextTakeover: true,
        serverMaxWindowBits: 10,
        clientMaxWindowBits: 9,
      },
    ],
    [
      "window bits 8 (zlib then uses 9)",
      { serverMaxWindowBits: 8 },
      { server_max_window_bits: "8", client_max_window_bits: "8" },
      { serverMaxWindowBits: 8, clientMaxWindowBits: 8 },
    ],
    [
      "server_max_window_bits without being asked (§7.1.2.1 allows it)",
      { clientMaxWindowBits: false },
      { server_max_window_bits: "12" },
      { serverMaxWindowBits: 12, clientMaxWindowBits: 15 },
    ],
    [
      "a smaller server window than offered",
      { serverMaxWindowBits: 12 },
      { server_max_window_bits: "9" },
      { serverMaxWindowBits: 9 },
    ],
    [
      "the offered client window applies when the answer has none",
      { clientMaxWindowBits: 11 },
      {},
      { clientMaxWindowBits: 11 },
    ],
    [
      "the second offer fits when the first does not",
      { offers: [{ serverNoContextTakeover: true }, { clientMaxWindowBits: false }] },
      {},
      { serverNoContextTakeover: false, clientMaxWindowBits: 15 },
    ],
  ])("accepts %s", (_, options, answer, agreed) => {
    const session = permessageDeflate(options).accept(params(answer));
    expect(session.agreed).toMatchObject(agreed);
    expect(session.rsv1).toBe(true);
    expect(session.name).toBe("permessage-deflate");
    session.close();
  });

  it("describes the agreement for traces and wsdump -v", () => {
    const session = permessageDeflate().accept(
      params({ server_no_context_takeover: true, client_max_window_bits: "10" }),
    );
    expect(session.description).toBe(
      "permessage-deflate; server_no_context_takeover; server_max_window_bits=15; client_max_window_bits=10",
    );
  });

  it.each<[string, object, Params, RegExp]>([
    ["an unknown parameter", {}, { mystery: "1" }, /unknown parameter "mystery"/],
    [
      "a misspelt parameter",
      {},
      { server_max_window: "10" },
      /unknown parameter "server_max_window"/,
    ],
    [
      "server_no_context_takeover with a value",
      {},
      { server_no_context_takeover: "1" },
      /server_no_context_takeover takes no value/,
    ],
    [
      "client_no_context_takeover with a value",
      {},
      { client_no_context_takeover: "true" },
      /client_no_context_takeover takes no value/,
    ],
    [
      "server_max_window_bits without a value",
      {},
      { server_max_window_bits: true },
      /server_max_window_bits needs a value/,
    ],
    [
      "client_max_window_bits without a value",
      {},
      { client_max_window_bits: true },
      /client_max_window_bits needs a value/,
    ],
    [
      "server_max_window_bits=7",
      {},
      { server_max_window_bits: "7" },
      /server_max_window_bits="7" is not a window size/,
    ],
    [
      "server_max_window_bits=16",
      {},
      { server_max_window_bits: "16" },
      /server_max_window_bits="16"/,
    ],
    ["client_max_window_bits=0", {}, { client_max_window_bits: "0" }, /client_max_window_bits="0"/],
    ["a leading zero", {}, { server_max_window_bits: "010" }, /server_max_window_bits="010"/],
    ["a non-number", {}, { client_max_window_bits: "ten" }, /client_max_window_bits="ten"/],
    ["a sign", {}, { client_max_window_bits: "+9" }, /client_max_window_bits="\+9"/],
    [
      "client_max_window_bits when the offer did not have it",
      { clientMaxWindowBits: false },
      { client_max_window_bits: "10" },
      /client_max_window_bits is in the answer but was not offered/,
    ],
    [
      "a client window larger than offered",
      { clientMaxWindowBits: 10 },
      { client_max_window_bits: "11" },
      /client_max_window_bits=11 is larger than the offered 10/,
    ],
    [
      "a server window larger than asked",
      { serverMaxWindowBits: 10 },
      { server_max_window_bits: "12" },
      /server_max_window_bits=12 is larger than the offered 10/,
    ],
    [
      "no server_max_window_bits when it was asked",
      { serverMaxWindowBits: 10 },
      {},
      /server_max_window_bits is missing/,
    ],
    [
      "no server_no_context_takeover when it was asked",
      { serverNoContextTakeover: true },
      {},
      /server_no_context_takeover is missing/,
    ],
    [
      "an answer that fits none of several offers",
      { offers: [{ serverNoContextTakeover: true }, { serverMaxWindowBits: 9 }] },
      {},
      /fits none of the 2 offers \(offer 1: server_no_context_takeover is missing.*; offer 2: server_max_window_bits is missing/,
    ],
  ])("refuses %s with a WebSocketProtocolException naming it", (_, options, answer, message) => {
    const attempt = () => permessageDeflate(options).accept(params(answer));
    expect(attempt).toThrow(WebSocketProtocolException);
    expect(attempt).toThrow(message);
  });
});
