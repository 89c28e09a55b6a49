import { WebSocketException } from "@wsclient/errors";

/**
 * Python wsdump's `--headers "A: 1, B: 2"`: split on commas, each part
 * trimmed, empty parts dropped (so a value cannot contain a comma; use
 * `-H` for that).
 */
export function splitHeadersOption(value: string): string[] {
  return value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * Checks one `"Name: value"` header line from the command line and returns
 * it trimmed.
 *
 * @throws WebSocketException when there is no colon or the name is empty.
 */
export function checkHeaderLine(line: string): string {
  const trimmed = line.trim();
  const colon = trimmed.indexOf(":");
  if (colon <= 0) {
    throw new WebSocketException(`invalid header ${JSON.stringify(line)}: expected "Name: value"`);
  }
  return trimmed;
}

const SECRET_HEADERS = new Set(["authorization", "proxy-authorization", "cookie", "set-cookie"]);

/**
 * Hides credentials in a header line for `-v` output: the value of
 * Authorization, Proxy-Authorization, Cookie and Set-Cookie becomes
 * `<redacted>` (the auth scheme, e.g. `Basic`, is kept). Other lines are
 * returned unchanged.
 */
export function redactHeaderLine(line: string): string {
  const colon = line.indexOf(":");
  if (colon <= 0) return line;
  const name = line.slice(0, colon).trim().toLowerCase();
  if (!SECRET_HEADERS.has(name)) return line;
  const value = line.slice(colon + 1).trim();
  const scheme = /^(Basic|Bearer|Digest|Negotiate|NTLM)\s/i.exec(value)?.[1];
  return `${line.slice(0, colon)}: ${scheme ? `${scheme} ` : ""}<redacted>`;
}

/** Hides the password of `user:pass@` in a URL for printing. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^/@:]*):([^/@]*)@/i, "$1$2:<redacted>@");
}
