import type { Extension } from "@wsclient/core";
import { type DeflateSession, permessageDeflate } from "@wsclient/permessage-deflate";

/**
 * wsdump's permessage-deflate (on unless `--no-compress`, as the library
 * default): the extension to offer, and the session the last connection
 * negotiated (for `-v`), or null when the server accepted none.
 */
export class Compression {
  session: DeflateSession | null = null;
  readonly #ext = permessageDeflate();

  /** The extension for `createConnection({ extensions })`; it records each connection's session. */
  extension(): Extension {
    this.session = null;
    return {
      name: this.#ext.name,
      offer: () => this.#ext.offer(),
      accept: (params) => {
        this.session = this.#ext.accept(params);
        return this.session;
      },
    };
  }
}
