import { connect, isIP, type LookupFunction, type NetConnectOpts, type Socket } from "node:net";
import { domainToASCII } from "node:url";
import { WebSocketAddressException } from "@wsclient/errors";
import { abortable } from "./deadline.js";
import { connectError } from "./node-errors.js";
import type { OnRead } from "./on-read.js";
import type { ResolvedSockOpt } from "./sockopt.js";

/** `host:port`, with an IPv6 literal in brackets. */
export function hostPort(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The name to hand to the resolver: IP literals as they are, IDNs in punycode. */
export function asciiHost(host: string): string {
  if (isIP(host) !== 0) return host;
  const ascii = domainToASCII(host);
  if (ascii === "") {
    throw new WebSocketAddressException(`Host ${JSON.stringify(host)} is not a valid domain name`);
  }
  return ascii;
}

function applySockOpt(socket: Socket, sockopt: ResolvedSockOpt): void {
  socket.setNoDelay(sockopt.noDelay);
  socket.setKeepAlive(sockopt.keepAlive, sockopt.keepAliveInitialDelay);
}

function waitConnect(
  socket: Socket,
  signal: AbortSignal,
  onError: (err: unknown) => unknown,
): Promise<Socket> {
  return abortable<Socket>(signal, (resolve, reject) => {
    const onConnect = (): void => resolve(socket);
    const onFail = (err: unknown): void => reject(onError(err));
    socket.once("connect", onConnect);
    socket.once("error", onFail);
    return () => {
      socket.off("connect", onConnect);
      socket.off("error", onFail);
    };
  });
}

/**
 * Opens a TCP connection. Addresses of both families are tried as RFC 8305
 * (happy eyeballs) says, through Node's `autoSelectFamily`.
 *
 * @param track Called with the socket as soon as it exists, so the caller can
 *   destroy it on failure.
 * @param lookup A resolver instead of `dns.lookup` (called with `all: true`).
 * @throws WebSocketAddressException when the name does not resolve or no address accepts.
 */
export async function connectTcp(
  host: string,
  port: number,
  sockopt: ResolvedSockOpt,
  signal: AbortSignal,
  track: (socket: Socket) => void,
  lookup?: LookupFunction,
  onread?: OnRead,
): Promise<Socket> {
  const socket = connect({
    host: asciiHost(host),
    port,
    autoSelectFamily: true,
    autoSelectFamilyAttemptTimeout: 250,
    ...(lookup ? { lookup } : {}),
    ...(onread ? { onread } : {}),
  } as NetConnectOpts);
  track(socket);
  await waitConnect(socket, signal, (err) => connectError(err, hostPort(host, port), host));
  applySockOpt(socket, sockopt);
  return socket;
}

/**
 * Opens a Unix domain socket connection.
 *
 * @throws WebSocketAddressException when the path cannot be connected to.
 */
export async function connectUnix(
  path: string,
  signal: AbortSignal,
  track: (socket: Socket) => void,
  onread?: OnRead,
): Promise<Socket> {
  const socket = connect({ path, ...(onread ? { onread } : {}) } as NetConnectOpts);
  track(socket);
  return waitConnect(socket, signal, (err) => connectError(err, `unix:${path}`));
}
