import { WebSocketException } from "@wsclient/errors";
import { DEFAULT_THRESHOLD, MAX_WINDOW_BITS, MIN_WINDOW_BITS } from "./constants.js";

/**
 * The parameters of one offer (RFC 7692 §7.1). The defaults offer
 * `permessage-deflate; client_max_window_bits`, as browsers and `ws` do.
 */
export interface DeflateOfferOptions {
  /**
   * Ask the server not to take over context between its messages
   * (`server_no_context_takeover`, §7.1.1.1): it then compresses each message
   * on its own, and this side needs no inflate window between messages.
   * Default `false`.
   */
  serverNoContextTakeover?: boolean;
  /**
   * Tell the server that this client compresses each message on its own
   * (`client_no_context_takeover`, §7.1.1.2). Default `false`; the server may
   * still ask for it in its answer, and then it is honoured.
   */
  clientNoContextTakeover?: boolean;
  /**
   * Ask the server to use at most a 2^N-byte LZ77 window
   * (`server_max_window_bits=N`, §7.1.2.1), N from 8 to 15 (8 is used as 9:
   * zlib cannot do 8). Default: not asked (the server uses up to 15).
   */
  serverMaxWindowBits?: number;
  /**
   * `client_max_window_bits` (§7.1.2.2): `true` offers it without a value
   * (the server may ask this client for a smaller window; the default), a
   * number 8 to 15 also limits this client's window to 2^N, `false` leaves
   * it out (this client then always uses 15).
   */
  clientMaxWindowBits?: boolean | number;
}

/** Options of {@link permessageDeflate} (also the `compression` option's object form). */
export interface PerMessageDeflateOptions extends DeflateOfferOptions {
  /**
   * Several offers in preference order (the server accepts one of them, or
   * none), instead of the single offer the top-level offer parameters make.
   */
  offers?: DeflateOfferOptions[];
  /**
   * Messages smaller than this many bytes are sent uncompressed (default
   * 1024, as `ws`); `0` compresses every message. A send with
   * `compress: false` is never compressed, one with `compress: true` always.
   */
  threshold?: number;
  /** zlib compression level, 0 (none) to 9 (best); default 6 (zlib's default, as `ws`). */
  level?: number;
  /** zlib memory level, 1 to 9; default 8 (zlib's default). Lower uses less memory per connection, compresses worse. */
  memLevel?: number;
}

/** A validated offer: `clientMaxWindowBits` is `false` (not offered), `true` (no value) or 8-15. */
export interface NormalizedOffer {
  serverNoContextTakeover: boolean;
  clientNoContextTakeover: boolean;
  serverMaxWindowBits: number | undefined;
  clientMaxWindowBits: boolean | number;
}

/** Validated options. */
export interface NormalizedOptions {
  offers: NormalizedOffer[];
  threshold: number;
  level: number;
  memLevel: number;
}

const OFFER_KEYS = [
  "serverNoContextTakeover",
  "clientNoContextTakeover",
  "serverMaxWindowBits",
  "clientMaxWindowBits",
] as const;
const OPTION_KEYS = new Set<string>([...OFFER_KEYS, "offers", "threshold", "level", "memLevel"]);

function fail(message: string): never {
  throw new WebSocketException(`permessage-deflate: ${message}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function bool(value: unknown, name: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== "boolean") fail(`${name} must be true or false, got ${String(value)}`);
  return value;
}

function windowBits(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    fail(`${name} must be an integer from 8 to 15, got ${String(value)}`);
  }
  if (value < MIN_WINDOW_BITS || value > MAX_WINDOW_BITS) {
    fail(`${name} must be from 8 to 15 (a 256-byte to 32 KiB window), got ${value}`);
  }
  return value;
}

function integer(value: unknown, name: string, min: number, max: number, dflt: number): number {
  if (value === undefined) return dflt;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    fail(`${name} must be an integer from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

function normalizeOffer(offer: Record<string, unknown>, where: string): NormalizedOffer {
  const cmwb = offer.clientMaxWindowBits;
  return {
    serverNoContextTakeover: bool(offer.serverNoContextTakeover, `${where}serverNoContextTakeover`),
    clientNoContextTakeover: bool(offer.clientNoContextTakeover, `${where}clientNoContextTakeover`),
    serverMaxWindowBits:
      offer.serverMaxWindowBits === undefined
        ? undefined
        : windowBits(offer.serverMaxWindowBits, `${where}serverMaxWindowBits`),
    clientMaxWindowBits:
      cmwb === undefined
        ? true
        : typeof cmwb === "boolean"
          ? cmwb
          : windowBits(cmwb, `${where}clientMaxWindowBits (true, false or 8 to 15)`),
  };
}

/**
 * Checks the options (an unknown key, a wrong type or an out-of-range value
 * throws a `WebSocketException` saying what to write instead) and fills in
 * the defaults.
 */
export function normalizeOptions(options: unknown): NormalizedOptions {
  if (options === undefined || options === true) options = {};
  if (!isRecord(options)) {
    fail(
      `options must be an object, e.g. { serverNoContextTakeover: true }, got ${String(options)}`,
    );
  }
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) {
      fail(`unknown option "${key}"; the options are ${[...OPTION_KEYS].join(", ")}`);
    }
  }
  let offers: NormalizedOffer[];
  if (options.offers !== undefined) {
    const list = options.offers;
    if (!Array.isArray(list) || list.length === 0) {
      fail("offers must be a non-empty array of offers, e.g. [{ serverMaxWindowBits: 10 }, {}]");
    }
    const clash = OFFER_KEYS.find((k) => options[k] !== undefined);
    if (clash !== undefined) {
      fail(`give ${clash} inside each of offers, not beside offers`);
    }
    offers = list.map((offer: unknown, i: number) => {
      if (!isRecord(offer)) fail(`offers[${i}] must be an object`);
      for (const key of Object.keys(offer)) {
        if (!(OFFER_KEYS as readonly string[]).includes(key)) {
          fail(`unknown option "offers[${i}].${key}"; an offer takes ${OFFER_KEYS.join(", ")}`);
        }
      }
      return normalizeOffer(offer, `offers[${i}].`);
    });
  } else {
    offers = [normalizeOffer(options, "")];
  }
  return {
    offers,
    threshold: integer(
      options.threshold,
      "threshold",
      0,
      Number.MAX_SAFE_INTEGER,
      DEFAULT_THRESHOLD,
    ),
    level: integer(options.level, "level", 0, 9, 6),
    memLevel: integer(options.memLevel, "memLevel", 1, 9, 8),
  };
}
