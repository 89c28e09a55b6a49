import type { Duplex } from "node:stream";
import { WebSocketProxyException } from "@wsclient/errors";
import { abortable } from "./deadline.js";
import { errorCode } from "./node-errors.js";
import { hostPort } from "./tcp-connect.js";

/** The most bytes of CONNECT response headers read before giving up. */
export const MAX_CONNECT_RESPONSE_BYTES = 16 * 1024;

/**
 * The `Proxy-Authorization` value for Basic credentials.
 *
 * RFC 7617 §2: "the user-id and password are constructed as follows: 1. obtain
 * the user-id and password from the user, 2. construct the user-pass by
 * concatenating the user-id, a single colon (":") character, and the password"
 */
export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, "utf8").toString("base64")}`;
}

/**
 * The HTTP CONNECT request for a tunnel to `host:port`.
 *
 * RFC 9110 §9.3.6: "CONNECT uses a special form of request target, unique to
 * this method, consisting of only the host and port number of the tunnel
 * destination, separated by a colon." IPv6 literals are bracketed (RFC 9112 §3.2.3).
 */
export function buildConnectRequest(
  host: string,
  port: number,
  auth?: readonly [user: string, password: string],
): string {
  const target = hostPort(host, port);
  if (/[\r\n\0 ]/.test(target)) {
    throw new WebSocketProxyException(
      `Cannot CONNECT to ${JSON.stringify(target)}: bad characters`,
    );
  }
  let request = `CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n`;
  if (auth) {
    if (/[\r\n]/.test(auth[0]) || /[\r\n]/.test(auth[1])) {
      throw new WebSocketProxyException("httpProxyAuth must not contain CR or LF");
    }
    request += `Proxy-Authorization: ${basicAuth(auth[0], auth[1])}\r\n`;
  }
  return `${request}\r\n`;
}

/** The status line of a CONNECT response. */
export interface ConnectStatus {
  statusCode: number;
  statusMessage: string;
}

/**
 * Reads the status line out of a complete response head.
 *
 * @throws WebSocketProxyException when it is not an HTTP/1.x status line.
 */
export function parseConnectStatus(head: string, proxy: string): ConnectStatus {
  const line = head.split(/\r?\n/, 1)[0] ?? "";
  const match = /^HTTP\/1\.[01] ([0-9]{3})(?: (.*))?$/.exec(line);
  if (!match) {
    throw new WebSocketProxyException(
      `Proxy ${proxy} answered CONNECT with a malformed status line ${JSON.stringify(line.slice(0, 100))}`,
    );
  }
  return { statusCode: Number(match[1]), statusMessage: match[2] ?? "" };
}

function statusError(
  status: ConnectStatus,
  proxy: string,
  hadAuth: boolean,
): WebSocketProxyException {
  let message =
    `failed CONNECT via proxy ${proxy} status: ${status.statusCode} ${status.statusMessage}`.trimEnd();
  if (status.statusCode === 407 || (status.statusCode === 401 && hadAuth)) {
    message += hadAuth
      ? " (proxy authentication was refused: check httpProxyAuth)"
      : " (the proxy requires authentication: give httpProxyAuth)";
  }
  return new WebSocketProxyException(message);
}

/**
 * Opens a tunnel through an HTTP proxy: sends CONNECT and waits for a 2xx.
 * Resolves with the bytes the proxy sent after the response head (usually none).
 *
 * @throws WebSocketProxyException for any status but 2xx (407: authentication
 *   refused), a malformed or oversized answer, or the proxy closing first.
 */
export function httpConnect(
  socket: Duplex,
  target: { host: string; port: number },
  auth: readonly [string, string] | undefined,
  proxy: string,
  signal: AbortSignal,
): Promise<Buffer> {
  const request = buildConnectRequest(target.host, target.port, auth);
  return abortable<Buffer>(signal, (resolve, reject) => {
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf("\r\n\r\n");
      if (end === -1) {
        if (buffered.length > MAX_CONNECT_RESPONSE_BYTES) {
          reject(
            new WebSocketProxyException(
              `Proxy ${proxy} sent more than ${MAX_CONNECT_RESPONSE_BYTES} bytes of CONNECT response headers`,
            ),
          );
        }
        return;
      }
      try {
        const status = parseConnectStatus(buffered.subarray(0, end).toString("latin1"), proxy);
        // RFC 9110 §15.2: "A client MUST be able to parse one or more 1xx
        // responses received prior to a final response".
        if (status.statusCode < 200) {
          buffered = buffered.subarray(end + 4);
          if (buffered.length > 0) onData(Buffer.alloc(0));
          return;
        }
        // RFC 9110 §9.3.6: "Any 2xx (Successful) response indicates that the
        // sender (and all inbound proxies) will switch to tunnel mode".
        if (status.statusCode > 299) {
          reject(statusError(status, proxy, auth !== undefined));
          return;
        }
        resolve(buffered.subarray(end + 4));
      } catch (err) {
        reject(err);
      }
    };
    const onEnd = (): void =>
      reject(
        new WebSocketProxyException(
          `Proxy ${proxy} closed the connection before answering CONNECT${buffered.length ? " completely" : ""}`,
        ),
      );
    const onError = (err: unknown): void =>
      reject(
        new WebSocketProxyException(
          `Connection to proxy ${proxy} failed during CONNECT (${errorCode(err) ?? String(err)})`,
          { cause: err },
        ),
      );
    socket.on("data", onData);
    socket.once("end", onEnd);
    socket.once("close", onEnd);
    socket.once("error", onError);
    socket.write(request);
    return () => {
      socket.off("data", onData);
      socket.off("end", onEnd);
      socket.off("close", onEnd);
      socket.off("error", onError);
      socket.pause();
    };
  });
}
