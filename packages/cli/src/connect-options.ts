import type { ConnectOptions, WebSocketOptions } from "@wsclient/core";
import type { WsdumpOptions } from "./options.js";
import { envWithoutProxy, proxyFromUrl } from "./proxy-url.js";

/**
 * The `createConnection` options for a command line: headers, origin,
 * subprotocols, proxy (explicit, from the environment, or none with
 * `--no-proxy`), TLS (`-n`/`-k`, `--ca`, `--cert`, `--key`, `--passphrase`
 * as Python's `sslopt` keys), limits and timeouts (seconds → ms).
 */
export function connectOptionsFor(
  o: WsdumpOptions,
  env: NodeJS.ProcessEnv,
  signal: AbortSignal,
): ConnectOptions & WebSocketOptions {
  const options: ConnectOptions & WebSocketOptions = { signal };
  if (o.headers.length > 0) options.header = [...o.headers];
  if (o.origin !== undefined) options.origin = o.origin;
  if (o.subprotocols.length > 0) options.subprotocols = [...o.subprotocols];
  if (o.timeout !== undefined) options.timeout = Math.round(o.timeout * 1000);
  if (o.maxSize !== undefined) options.maxPayload = o.maxSize;
  // -v shows each frame as the peer sent it: core then hands out fragments
  // unassembled (the session prints the message once its last frame is in).
  if (o.verbose >= 1) options.fireContFrame = true;
  const sslopt: NonNullable<WebSocketOptions["sslopt"]> = {};
  if (o.nocert) Object.assign(sslopt, { cert_reqs: "CERT_NONE", check_hostname: false });
  if (o.ca !== undefined) sslopt.ca_certs = o.ca;
  if (o.cert !== undefined) sslopt.certfile = o.cert;
  if (o.key !== undefined) sslopt.keyfile = o.key;
  if (o.passphrase !== undefined) sslopt.password = o.passphrase;
  if (Object.keys(sslopt).length > 0) options.sslopt = sslopt;
  if (typeof o.proxy === "string") Object.assign(options, proxyFromUrl(o.proxy));
  options.env = o.proxy === false ? envWithoutProxy(env) : env;
  return options;
}
