import { WebSocketProtocolException } from "@wsclient/errors";
import { EXTENSION_NAME, MAX_WINDOW_BITS } from "./constants.js";
import type { NormalizedOffer } from "./options.js";

/** What both sides use for a connection, from the server's answer (RFC 7692 §7.1). */
export interface AgreedParameters {
  /** The server compresses each message on its own: this side resets its inflater per message. */
  serverNoContextTakeover: boolean;
  /** This side compresses each message on its own (asked by the server, or promised in the offer). */
  clientNoContextTakeover: boolean;
  /** The server's LZ77 window, 8-15 (15 when the answer has none). */
  serverMaxWindowBits: number;
  /** This side's LZ77 window, 8-15. */
  clientMaxWindowBits: number;
}

/** One offer as it goes into `Sec-WebSocket-Extensions`. */
export function formatOffer(offer: NormalizedOffer): string {
  const parts = [EXTENSION_NAME];
  if (offer.serverNoContextTakeover) parts.push("server_no_context_takeover");
  if (offer.clientNoContextTakeover) parts.push("client_no_context_takeover");
  if (offer.serverMaxWindowBits !== undefined) {
    parts.push(`server_max_window_bits=${offer.serverMaxWindowBits}`);
  }
  if (offer.clientMaxWindowBits === true) parts.push("client_max_window_bits");
  else if (typeof offer.clientMaxWindowBits === "number") {
    parts.push(`client_max_window_bits=${offer.clientMaxWindowBits}`);
  }
  return parts.join("; ");
}

function refuse(message: string): WebSocketProtocolException {
  return new WebSocketProtocolException(
    `Invalid permessage-deflate answer from the server: ${message}`,
  );
}

// "The value of the parameter MUST be a decimal integer value without leading
// zeroes between 8 to 15, inclusive" (RFC 7692 §7.1.2.1, §7.1.2.2).
const WINDOW_BITS = /^(?:8|9|1[0-5])$/;

function windowBitsValue(name: string, value: string | true): number {
  if (value === true) {
    throw refuse(`${name} needs a value from 8 to 15 in a response (RFC 7692 §7.1.2)`);
  }
  if (!WINDOW_BITS.test(value)) {
    throw refuse(
      `${name}=${JSON.stringify(value)} is not a window size: it must be a decimal integer from 8 to 15 without leading zeroes (RFC 7692 §7.1.2)`,
    );
  }
  return Number(value);
}

/** Checks what one answer parameter looks like, independently of the offer. */
function checkParameter(name: string, value: string | true): void {
  switch (name) {
    case "server_no_context_takeover":
    case "client_no_context_takeover":
      // "This extension parameter has no value." (§7.1.1.1, §7.1.1.2)
      if (value !== true) throw refuse(`${name} takes no value, got ${JSON.stringify(value)}`);
      return;
    case "server_max_window_bits":
    case "client_max_window_bits":
      windowBitsValue(name, value);
      return;
    default:
      // "A client MUST _Fail the WebSocket Connection_ if the peer server
      // accepted an extension negotiation offer for this extension with an
      // extension negotiation response meeting any of the following
      // conditions: * The negotiation response contains an extension
      // parameter not defined for use in a response." (§5)
      throw refuse(`unknown parameter ${JSON.stringify(name)}`);
  }
}

/** The agreed parameters if `params` is a valid answer to `offer`, else why not. */
function matchOffer(
  offer: NormalizedOffer,
  params: Record<string, string | true>,
): AgreedParameters | string {
  const has = (name: string) => Object.hasOwn(params, name);
  const client = params.client_max_window_bits;
  let clientBits: number =
    typeof offer.clientMaxWindowBits === "number" ? offer.clientMaxWindowBits : MAX_WINDOW_BITS;
  if (client !== undefined) {
    // "If a received extension negotiation offer doesn't have the
    // "client_max_window_bits" extension parameter, the corresponding
    // extension negotiation response to the offer MUST NOT include the
    // "client_max_window_bits" extension parameter." (§7.1.2.2)
    if (offer.clientMaxWindowBits === false) {
      return "client_max_window_bits is in the answer but was not offered (RFC 7692 §7.1.2.2)";
    }
    const bits = windowBitsValue("client_max_window_bits", client);
    if (typeof offer.clientMaxWindowBits === "number" && bits > offer.clientMaxWindowBits) {
      return `client_max_window_bits=${bits} is larger than the offered ${offer.clientMaxWindowBits}`;
    }
    clientBits = bits;
  }
  const server = params.server_max_window_bits;
  const serverBits =
    server === undefined ? MAX_WINDOW_BITS : windowBitsValue("server_max_window_bits", server);
  if (offer.serverMaxWindowBits !== undefined) {
    // "A server accepts an extension negotiation offer with this parameter
    // by including the "server_max_window_bits" extension parameter in the
    // extension negotiation response to send back to the client with the
    // same or smaller value as the offer." (§7.1.2.1)
    if (server === undefined) {
      return `server_max_window_bits is missing although server_max_window_bits=${offer.serverMaxWindowBits} was offered (RFC 7692 §7.1.2.1)`;
    }
    if (serverBits > offer.serverMaxWindowBits) {
      return `server_max_window_bits=${serverBits} is larger than the offered ${offer.serverMaxWindowBits}`;
    }
  }
  // "A server accepts an extension negotiation offer that includes the
  // "server_no_context_takeover" extension parameter by including the
  // "server_no_context_takeover" extension parameter in the corresponding
  // extension negotiation response" (§7.1.1.1)
  if (offer.serverNoContextTakeover && !has("server_no_context_takeover")) {
    return "server_no_context_takeover is missing although it was offered (RFC 7692 §7.1.1.1)";
  }
  return {
    serverNoContextTakeover: has("server_no_context_takeover"),
    // A client_no_context_takeover in the offer is a promise the client keeps
    // "even if the server doesn't include" it (§7.1.1.2).
    clientNoContextTakeover: has("client_no_context_takeover") || offer.clientNoContextTakeover,
    serverMaxWindowBits: serverBits,
    clientMaxWindowBits: clientBits,
  };
}

/**
 * Validates the server's answer against the offers sent (RFC 7692 §5, §7.1)
 * and returns the agreed parameters: an unknown parameter, a malformed or
 * out-of-range window size, a value on a no-value parameter, or an answer
 * that fits none of the offers (a parameter the offer did not allow, a
 * larger window than offered, a missing parameter the offer required) throws
 * a `WebSocketProtocolException` naming the parameter. (A parameter given
 * twice is refused by the header parser before this.)
 */
export function acceptAnswer(
  offers: readonly NormalizedOffer[],
  params: Record<string, string | true>,
): AgreedParameters {
  for (const [name, value] of Object.entries(params)) checkParameter(name, value);
  const reasons: string[] = [];
  for (const offer of offers) {
    const result = matchOffer(offer, params);
    if (typeof result !== "string") return result;
    reasons.push(result);
  }
  if (reasons.length === 1) throw refuse(reasons[0]!);
  throw refuse(
    `it fits none of the ${reasons.length} offers (${reasons.map((r, i) => `offer ${i + 1}: ${r}`).join("; ")})`,
  );
}

/** The agreed parameters as an extension string (for traces and `wsdump -v`). */
export function describeAgreement(agreed: AgreedParameters): string {
  const parts = [EXTENSION_NAME];
  if (agreed.serverNoContextTakeover) parts.push("server_no_context_takeover");
  if (agreed.clientNoContextTakeover) parts.push("client_no_context_takeover");
  parts.push(`server_max_window_bits=${agreed.serverMaxWindowBits}`);
  parts.push(`client_max_window_bits=${agreed.clientMaxWindowBits}`);
  return parts.join("; ");
}
