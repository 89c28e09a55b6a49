import { WebSocketProtocolException } from "@wsclient/errors";
import { isTchar } from "./http-syntax.js";

/** One element of a `Sec-WebSocket-Extensions` list: a name and its parameters. */
export interface ExtensionOffer {
  /** The extension token, e.g. `permessage-deflate`. */
  name: string;
  /**
   * Its parameters in order; a parameter without a value is `true`, e.g.
   * `{ client_max_window_bits: true, server_max_window_bits: "10" }`.
   * The object has no prototype, so any parameter name is safe as a key.
   */
  params: Record<string, string | true>;
}

/**
 * Parse a `Sec-WebSocket-Extensions` value (RFC 6455 §9.1):
 *
 * ```
 * Sec-WebSocket-Extensions = extension-list
 * extension-list = 1#extension
 * extension = extension-token *( ";" extension-param )
 * extension-token = registered-token
 * registered-token = token
 * extension-param = token [ "=" (token | quoted-string) ]
 *     ;When using the quoted-string syntax variant, the value
 *     ;after quoted-string unescaping MUST conform to the
 *     ;'token' ABNF.
 * ```
 *
 * Whitespace (SP, HTAB) is allowed around `,`, `;` and `=`; empty list
 * elements are skipped. A parameter given twice in one extension is refused
 * (RFC 7692 §7: "each parameter MUST NOT appear more than once").
 *
 * @throws WebSocketProtocolException naming the position and what was wrong.
 */
export function parseExtensions(value: string): ExtensionOffer[] {
  const p = new Cursor(value);
  const out: ExtensionOffer[] = [];
  p.skipOws();
  while (!p.done()) {
    if (p.peek() === ",") {
      p.pos++;
      p.skipOws();
      continue;
    }
    const name = p.token("an extension name");
    const params: Record<string, string | true> = Object.create(null);
    p.skipOws();
    while (p.peek() === ";") {
      p.pos++;
      p.skipOws();
      const param = p.token(`a parameter name for extension "${name}"`);
      p.skipOws();
      let paramValue: string | true = true;
      if (p.peek() === "=") {
        p.pos++;
        p.skipOws();
        paramValue = p.peek() === '"' ? p.quotedToken(param) : p.token(`a value for "${param}"`);
        p.skipOws();
      }
      if (Object.hasOwn(params, param)) {
        throw p.fail(`parameter "${param}" of extension "${name}" appears twice`);
      }
      params[param] = paramValue;
    }
    if (!p.done() && p.peek() !== ",") {
      throw p.fail(`unexpected ${JSON.stringify(p.peek())} after extension "${name}"`);
    }
    out.push({ name, params });
  }
  return out;
}

/**
 * Format extensions as a `Sec-WebSocket-Extensions` value, quoting nothing
 * (every name and value must be a token). The inverse of {@link parseExtensions}.
 */
export function formatExtensions(extensions: readonly ExtensionOffer[]): string {
  return extensions
    .map((ext) =>
      [
        ext.name,
        ...Object.entries(ext.params).map(([k, v]) => (v === true ? k : `${k}=${v}`)),
      ].join("; "),
    )
    .join(", ");
}

class Cursor {
  pos = 0;
  constructor(private readonly text: string) {}

  done(): boolean {
    return this.pos >= this.text.length;
  }

  peek(): string | undefined {
    return this.text[this.pos];
  }

  skipOws(): void {
    while (this.text[this.pos] === " " || this.text[this.pos] === "\t") this.pos++;
  }

  token(what: string): string {
    const start = this.pos;
    while (this.pos < this.text.length && isTchar(this.text.charCodeAt(this.pos))) this.pos++;
    if (this.pos === start) {
      const found = this.done() ? "the end" : JSON.stringify(this.peek());
      throw this.fail(`expected ${what}, found ${found}`);
    }
    return this.text.slice(start, this.pos);
  }

  /** RFC 9110 §5.6.4: `quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE`. */
  quotedToken(param: string): string {
    const start = this.pos;
    this.pos++; // opening DQUOTE
    let unescaped = "";
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined) {
        this.pos = start;
        throw this.fail(`unterminated quoted value for "${param}"`);
      }
      this.pos++;
      if (c === '"') break;
      if (c === "\\") {
        const next = this.text[this.pos];
        if (next === undefined) continue; // reported as unterminated on the next turn
        unescaped += next;
        this.pos++;
      } else {
        unescaped += c;
      }
    }
    for (let i = 0; i < unescaped.length; i++) {
      if (!isTchar(unescaped.charCodeAt(i))) {
        this.pos = start;
        throw this.fail(
          `the quoted value of "${param}" must be a token after unescaping, got ${JSON.stringify(unescaped)}`,
        );
      }
    }
    if (unescaped.length === 0) {
      this.pos = start;
      throw this.fail(`the quoted value of "${param}" is empty`);
    }
    return unescaped;
  }

  fail(message: string): WebSocketProtocolException {
    return new WebSocketProtocolException(
      `Invalid Sec-WebSocket-Extensions ${JSON.stringify(this.text)} at position ${this.pos}: ${message}`,
    );
  }
}
