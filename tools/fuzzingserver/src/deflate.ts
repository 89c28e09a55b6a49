import { constants, deflateRawSync, inflateRawSync } from "node:zlib";

/**
 * permessage-deflate (RFC 7692) for the fuzzing server: parsing the client's
 * offers, answering with the parameters a case chooses, and compressing /
 * decompressing whole messages synchronously.
 */

/** One offer from the client's Sec-WebSocket-Extensions, as Autobahn reads it. */
export interface DeflateOffer {
  /** The client allows the server to ask for client_no_context_takeover. RFC 7692 §7.1.1.2 lets a server do so always. */
  acceptNoContextTakeover: true;
  /** The client sent client_max_window_bits (it can limit its window on request). */
  acceptMaxWindowBits: boolean;
  /** The client asked the server not to take over context (server_no_context_takeover). */
  requestNoContextTakeover: boolean;
  /** The client asked the server to limit its window (server_max_window_bits), 0 = no. */
  requestMaxWindowBits: number;
}

/** What the server answers: the agreed parameters. */
export interface DeflateAgreement {
  serverNoContextTakeover: boolean;
  serverMaxWindowBits: number;
  clientNoContextTakeover: boolean;
  clientMaxWindowBits: number;
}

/** How a case accepts an offer (Autobahn's PerMessageDeflateOfferAccept arguments). */
export interface AcceptRequest {
  requestNoContextTakeover?: boolean;
  requestMaxWindowBits?: number;
}

export class ExtensionOfferError extends Error {}

function windowBits(value: string | true, name: string): number {
  const n = value === true ? Number.NaN : Number(value);
  // "a decimal integer value without leading zeroes between 8 to 15, inclusive" (RFC 7692 §7.1.2.1)
  if (!/^(8|9|1[0-5])$/.test(String(value)) || !Number.isInteger(n)) {
    throw new ExtensionOfferError(`invalid ${name} value ${String(value)}`);
  }
  return n;
}

/** Parse every permessage-deflate offer in a Sec-WebSocket-Extensions header. */
export function parseDeflateOffers(header: string | undefined): DeflateOffer[] {
  if (!header) return [];
  const offers: DeflateOffer[] = [];
  for (const item of header.split(",")) {
    const [name, ...params] = item.split(";").map((s) => s.trim());
    if (name?.toLowerCase() !== "permessage-deflate") continue;
    const offer: DeflateOffer = {
      acceptNoContextTakeover: true,
      acceptMaxWindowBits: false,
      requestNoContextTakeover: false,
      requestMaxWindowBits: 0,
    };
    for (const param of params) {
      if (param === "") continue;
      const eq = param.indexOf("=");
      const key = (eq < 0 ? param : param.slice(0, eq)).trim().toLowerCase();
      const value: string | true =
        eq < 0
          ? true
          : param
              .slice(eq + 1)
              .trim()
              .replace(/^"|"$/g, "");
      if (key === "client_max_window_bits") {
        if (value !== true) windowBits(value, key);
        offer.acceptMaxWindowBits = true;
      } else if (key === "client_no_context_takeover") {
        if (value !== true) throw new ExtensionOfferError(`${key} takes no value`);
      } else if (key === "server_no_context_takeover") {
        if (value !== true) throw new ExtensionOfferError(`${key} takes no value`);
        offer.requestNoContextTakeover = true;
      } else if (key === "server_max_window_bits") {
        offer.requestMaxWindowBits = windowBits(value, key);
      } else throw new ExtensionOfferError(`unknown permessage-deflate parameter ${key}`);
    }
    offers.push(offer);
  }
  return offers;
}

/** Accept `offer`, honouring what the client asked and adding what the case requests. */
export function acceptOffer(offer: DeflateOffer, request: AcceptRequest = {}): DeflateAgreement {
  return {
    serverNoContextTakeover: offer.requestNoContextTakeover,
    serverMaxWindowBits: offer.requestMaxWindowBits,
    clientNoContextTakeover: request.requestNoContextTakeover ?? false,
    clientMaxWindowBits: offer.acceptMaxWindowBits ? (request.requestMaxWindowBits ?? 0) : 0,
  };
}

/** The Sec-WebSocket-Extensions response value for an agreement. */
export function agreementHeader(a: DeflateAgreement): string {
  const parts = ["permessage-deflate"];
  if (a.serverNoContextTakeover) parts.push("server_no_context_takeover");
  if (a.serverMaxWindowBits) parts.push(`server_max_window_bits=${a.serverMaxWindowBits}`);
  if (a.clientNoContextTakeover) parts.push("client_no_context_takeover");
  if (a.clientMaxWindowBits) parts.push(`client_max_window_bits=${a.clientMaxWindowBits}`);
  return parts.join("; ");
}

const TAIL = Buffer.from([0x00, 0x00, 0xff, 0xff]);
const WINDOW = 32 * 1024;

/**
 * Whole-message compression. Each outgoing message is compressed on its own
 * (no context is taken over, which the RFC always allows a sender). Incoming
 * messages are inflated with the previous 32 KiB of the client's
 * uncompressed stream as the dictionary, which is what taking over context
 * means for the receiver.
 */
export class PerMessageDeflate {
  private window: Buffer = Buffer.alloc(0);

  constructor(
    readonly agreement: DeflateAgreement,
    private readonly maxMessage: number,
  ) {}

  // "Compress all the octets of the payload of the message using DEFLATE.
  // If the resulting data does not end with an empty DEFLATE block with no
  // compression (the "BTYPE" bits are set to 00), append an empty DEFLATE
  // block with no compression to the tail end. Remove 4 octets (that are
  // 0x00 0x00 0xff 0xff) from the tail end." (RFC 7692 §7.2.1)
  compress(data: Buffer): Buffer {
    const bits = this.agreement.serverMaxWindowBits || 15;
    const out = deflateRawSync(data, {
      finishFlush: constants.Z_SYNC_FLUSH,
      windowBits: Math.max(9, bits),
      // The level is the sender's choice; the fastest keeps the 216
      // compression cases' run short (docs/decisions.md).
      level: constants.Z_BEST_SPEED,
    });
    return out.subarray(0, out.length - 4);
  }

  // "Append 4 octets of 0x00 0x00 0xff 0xff to the tail end of the payload
  // of the message. Decompress the resulting data using DEFLATE." (§7.2.2)
  decompress(data: Buffer): Buffer {
    const out = inflateRawSync(Buffer.concat([data, TAIL]), {
      finishFlush: constants.Z_SYNC_FLUSH,
      maxOutputLength: this.maxMessage,
      ...(this.window.length > 0 && !this.agreement.clientNoContextTakeover
        ? { dictionary: this.window }
        : {}),
    });
    const joined = out.length >= WINDOW ? out : Buffer.concat([this.window, out]);
    this.window = Buffer.from(joined.subarray(Math.max(0, joined.length - WINDOW)));
    return out;
  }
}
