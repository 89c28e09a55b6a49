import { WebSocketException } from "@wsclient/errors";
import type { HeaderOption, RequestOptions } from "./build-request.js";
import { DEFAULT_REDIRECT_LIMIT } from "./constants.js";
import { isRedirect } from "./redirect-status.js";
import type { HandshakeResponse } from "./response.js";

/** Where to connect next, and with which options. */
export interface RedirectStep {
  /** The absolute `ws:` / `wss:` URL to connect to. */
  url: string;
  /** The options for that request, stripped of credentials when leaving the origin. */
  options: RequestOptions;
}

const SCHEMES: Record<string, "ws:" | "wss:"> = {
  "ws:": "ws:",
  "wss:": "wss:",
  "http:": "ws:",
  "https:": "wss:",
};

/**
 * Header names never carried to another origin (another host or port, or
 * another scheme): every credential a caller may set, as fetch and curl
 * strip them on cross-origin redirects.
 */
const CREDENTIAL_HEADERS = new Set(["authorization", "proxy-authorization", "cookie"]);

/**
 * Decide the next hop of a redirect.
 *
 * `Location` may be absolute or relative (resolved against `current.url`,
 * RFC 9110 §10.2.2: "If the Location value provided in a 3xx (Redirection)
 * response does not have a fragment component, a user agent MUST process the
 * redirection as if the value inherits the fragment component of the URI
 * reference used to generate the target URI" — fragments are dropped here, a
 * WebSocket URL has none). `http:` maps to `ws:` and `https:` to `wss:`.
 *
 * When the next hop is another origin (another host or port, or another
 * scheme: `wss:` to `ws:` or `ws:` to `wss:`), every credential is dropped:
 * the `Authorization`, `Proxy-Authorization` and `Cookie` headers, the
 * `cookie` option, the URL's userinfo (also any the `Location` names), and
 * the `host` override.
 *
 * @param hop - redirects followed so far (0 for the first).
 * @param redirectLimit - how many redirects to follow at most (default 3).
 * @throws WebSocketException when `response` is not a redirect, `Location`
 *   is missing or not a WebSocket/HTTP URL, or the limit is exhausted (unlike
 *   Python, which then returns a "connected" socket with a 3xx status).
 */
export function nextRedirect(
  response: HandshakeResponse,
  current: { url: string; options: RequestOptions },
  hop: number,
  redirectLimit: number = DEFAULT_REDIRECT_LIMIT,
): RedirectStep {
  if (!isRedirect(response.status)) {
    throw new WebSocketException(`Status ${response.status} is not a redirect`);
  }
  const location = response.headers.location;
  if (location === undefined || location === "") {
    throw new WebSocketException(
      `Redirect status ${response.status} without a Location header: nowhere to go next`,
    );
  }
  if (hop >= redirectLimit) {
    throw new WebSocketException(
      `Too many redirects: the redirect limit of ${redirectLimit} is exhausted (the last one pointed to ${JSON.stringify(location)})`,
    );
  }
  let from: URL;
  try {
    from = new URL(current.url);
  } catch (cause) {
    throw new WebSocketException(`Invalid current URL ${JSON.stringify(current.url)}`, { cause });
  }
  let to: URL;
  try {
    to = new URL(location, httpBase(from));
  } catch (cause) {
    throw new WebSocketException(`Invalid redirect Location ${JSON.stringify(location)}`, {
      cause,
    });
  }
  const scheme = SCHEMES[to.protocol];
  if (scheme === undefined) {
    throw new WebSocketException(
      `Redirect Location ${JSON.stringify(location)} is not a ws:, wss:, http: or https: URL`,
    );
  }
  const url = withScheme(to, scheme);
  url.hash = "";

  const sameOrigin =
    url.hostname.toLowerCase() === from.hostname.toLowerCase() &&
    effectivePort(url) === effectivePort(from) &&
    url.protocol === SCHEMES[from.protocol];
  const options: RequestOptions = { ...current.options };
  if (sameOrigin && url.username === "" && url.password === "") {
    // Same host, port and scheme: the credentials of the URL still apply.
    url.username = from.username;
    url.password = from.password;
  }
  if (!sameOrigin) {
    url.username = "";
    url.password = "";
    options.header = stripCredentials(options.header);
    if (options.header === undefined) delete options.header;
    delete options.cookie;
    delete options.host;
  }
  return { url: url.href, options };
}

/** Resolve against an http(s) twin of the base, so relative references work for ws: too. */
function httpBase(base: URL): URL {
  const scheme = SCHEMES[base.protocol];
  if (scheme === undefined) return base;
  return withScheme(base, scheme === "wss:" ? "https:" : "http:");
}

/** A copy of `url` with another special scheme (WHATWG URL allows special ↔ special). */
function withScheme(url: URL, scheme: string): URL {
  const copy = new URL(url.href);
  copy.protocol = scheme;
  return copy;
}

function effectivePort(url: URL): string {
  if (url.port !== "") return url.port;
  return url.protocol === "wss:" || url.protocol === "https:" ? "443" : "80";
}

function stripCredentials(header: HeaderOption | undefined): HeaderOption | undefined {
  if (header === undefined || header === null) return undefined;
  if (Array.isArray(header)) {
    return (header as readonly string[]).filter((line) => {
      const name = typeof line === "string" ? line.slice(0, Math.max(0, line.indexOf(":"))) : "";
      return !CREDENTIAL_HEADERS.has(name.trim().toLowerCase());
    });
  }
  const out: Record<string, string | null | undefined> = {};
  for (const [name, value] of Object.entries(header)) {
    if (!CREDENTIAL_HEADERS.has(name.toLowerCase())) out[name] = value;
  }
  return out;
}
