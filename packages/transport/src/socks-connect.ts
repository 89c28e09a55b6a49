import { lookup } from "node:dns/promises";
import { isIP, type Socket } from "node:net";
import { WebSocketProxyException } from "@wsclient/errors";
import type { SocksProxy } from "socks";
import type { ProxyInfo } from "./choose-proxy.js";
import { abortable } from "./deadline.js";
import { connectError } from "./node-errors.js";
import { asciiHost } from "./tcp-connect.js";

/** The most bytes a SOCKS proxy may send before the tunnel is open. */
const MAX_SOCKS_REPLY_BYTES = 4096;

/** The destination as the proxy is told it: local DNS for socks4/socks5, the name for 4a/5h. */
async function destinationHost(
  proxy: ProxyInfo,
  host: string,
  signal: AbortSignal,
): Promise<string> {
  const remoteDns = proxy.type === "socks4a" || proxy.type === "socks5h";
  const family = isIP(host);
  if (proxy.type === "socks4" || proxy.type === "socks4a") {
    if (family === 6) {
      throw new WebSocketProxyException(`${proxy.type} cannot reach the IPv6 address ${host}`);
    }
  }
  if (family !== 0 || remoteDns) return family !== 0 ? host : asciiHost(host);
  const v4Only = proxy.type === "socks4";
  const lookupPromise = lookup(asciiHost(host), v4Only ? { family: 4 } : {});
  lookupPromise.catch(() => {}); // settled below, or dropped if aborted first
  try {
    const found = await abortable<{ address: string }>(signal, (resolve, reject) => {
      lookupPromise.then(resolve, reject);
      return () => {};
    });
    return found.address;
  } catch (err) {
    throw connectError(err, host, host);
  }
}

/**
 * Opens a tunnel through a SOCKS 4, 4a, 5 or 5h proxy over `socket` (already
 * connected to the proxy), with the `socks` package. Resolves with the bytes
 * the proxy sent after its reply (usually none).
 *
 * @throws WebSocketProxyException when the proxy refuses (authentication,
 *   rule set, unreachable destination …) or closes.
 */
export async function socksConnect(
  socket: Socket,
  proxy: ProxyInfo,
  target: { host: string; port: number },
  where: string,
  signal: AbortSignal,
): Promise<Buffer> {
  const host = await destinationHost(proxy, target.host, signal);
  const v5 = proxy.type === "socks5" || proxy.type === "socks5h";
  const socksProxy: SocksProxy = { host: proxy.host, port: proxy.port, type: v5 ? 5 : 4 };
  if (proxy.auth) {
    socksProxy.userId = proxy.auth[0];
    if (v5) socksProxy.password = proxy.auth[1];
  }
  // Loaded on first use: `socks` costs ~8 MiB of memory at load, and most
  // connections never go through a SOCKS proxy.
  const { SocksClient } = await import("socks");
  const pending = SocksClient.createConnection({
    proxy: socksProxy,
    command: "connect",
    destination: { host, port: target.port },
    existing_socket: socket,
    // Our own deadline bounds the wait; this is the socks package's fallback.
    timeout: 2_147_483_647,
  });
  pending.catch(() => {}); // an abort settles first; the later rejection is expected
  // SOCKS replies are a few bytes: a proxy that sends far more is cut off.
  let seen = 0;
  const countBytes = (chunk: Buffer): void => {
    seen += chunk.length;
    if (seen > MAX_SOCKS_REPLY_BYTES) {
      socket.destroy(
        new Error(`more than ${MAX_SOCKS_REPLY_BYTES} bytes during the SOCKS handshake`),
      );
    }
  };
  socket.on("data", countBytes);
  try {
    await abortable<void>(signal, (resolve, reject) => {
      pending.then(() => resolve(), reject);
      return () => {};
    });
  } catch (err) {
    if (signal.aborted) throw err;
    if (seen > MAX_SOCKS_REPLY_BYTES) {
      throw new WebSocketProxyException(
        `${proxy.type} proxy ${where} sent more than ${MAX_SOCKS_REPLY_BYTES} bytes during its handshake`,
        { cause: err },
      );
    }
    const message = err instanceof Error ? err.message : String(err);
    throw new WebSocketProxyException(
      `${proxy.type} proxy ${where} failed to connect to ${target.host}:${target.port}: ${message}`,
      { cause: err },
    );
  }
  socket.off("data", countBytes);
  // The socks package emits any bytes after its reply, then resumes the socket,
  // on the next turn of the loop: collect them, then stop the flow.
  const extra: Buffer[] = [];
  const onData = (chunk: Buffer): void => {
    extra.push(chunk);
  };
  socket.on("data", onData);
  await new Promise<void>((resolve) => setImmediate(resolve));
  socket.off("data", onData);
  socket.pause();
  return Buffer.concat(extra);
}
