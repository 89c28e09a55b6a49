import type { Extension } from "@wsclient/core";
import { EXTENSION_NAME } from "./constants.js";
import { acceptAnswer, formatOffer } from "./negotiate.js";
import {
  type NormalizedOptions,
  normalizeOptions,
  type PerMessageDeflateOptions,
} from "./options.js";
import { DeflateSession } from "./session.js";

/**
 * The permessage-deflate extension (RFC 7692), configured once and used by
 * every connection it is given to:
 *
 * ```ts
 * const ws = await createConnection(url, { extensions: [permessageDeflate({ threshold: 256 })] });
 * ```
 *
 * The `wsclient` facade registers it, so there compression is on by default
 * (`compression: false` turns it off, `compression: { ... }` passes these
 * options). Bad options throw a `WebSocketException` here, not at connect.
 */
export function permessageDeflate(options?: PerMessageDeflateOptions): PermessageDeflate {
  return new PermessageDeflate(normalizeOptions(options));
}

/** The configured extension; `accept` makes a {@link DeflateSession} per connection. */
export class PermessageDeflate implements Extension {
  readonly name = EXTENSION_NAME;
  readonly options: Readonly<NormalizedOptions>;
  readonly #offer: string;

  constructor(options: NormalizedOptions) {
    this.options = options;
    // "a client may offer multiple PMCEs ... in the order of preference"
    // (RFC 7692 §5): each offer is one element of the list.
    this.#offer = options.offers.map(formatOffer).join(", ");
  }

  offer(): string {
    return this.#offer;
  }

  accept(params: Record<string, string | true>): DeflateSession {
    const agreed = acceptAnswer(this.options.offers, params);
    return new DeflateSession(agreed, this.options);
  }
}
