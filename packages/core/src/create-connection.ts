import { checkOptions } from "./check-options.js";
import { getDefaultTimeout } from "./default-timeout.js";
import {
  CONNECT_OPTION_KEYS,
  type ConnectOptions,
  WEBSOCKET_OPTION_KEYS,
  type WebSocketOptions,
} from "./options.js";
import { WebSocket } from "./websocket.js";

const ALL_KEYS: readonly string[] = [
  ...new Set([...WEBSOCKET_OPTION_KEYS, ...CONNECT_OPTION_KEYS]),
];

/** Splits `createConnection`'s options into the constructor's and `connect`'s (sslopt and sockopt go to both). */
export function splitOptions(
  options: ConnectOptions & WebSocketOptions,
): [WebSocketOptions, ConnectOptions] {
  const ws: Record<string, unknown> = {};
  const connect: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if ((WEBSOCKET_OPTION_KEYS as readonly string[]).includes(key)) ws[key] = value;
    if ((CONNECT_OPTION_KEYS as readonly string[]).includes(key)) connect[key] = value;
  }
  return [ws as WebSocketOptions, connect as ConnectOptions];
}

/**
 * Connects and returns an open {@link WebSocket} (Python:
 * `create_connection`). `timeout` defaults to {@link getDefaultTimeout}.
 *
 * ```ts
 * await using ws = await createConnection("ws://127.0.0.1:8080/", { timeout: 5000 });
 * await ws.send("Hello");
 * ```
 */
export async function createConnection(
  url: string,
  options: ConnectOptions & WebSocketOptions = {},
): Promise<WebSocket> {
  checkOptions("createConnection()", options, ALL_KEYS);
  const [wsOptions, connectOptions] = splitOptions(options);
  const ws = new WebSocket(wsOptions);
  const timeout = options.timeout === undefined ? getDefaultTimeout() : options.timeout;
  ws.setTimeout(timeout);
  await ws.connect(url, { ...connectOptions, timeout: timeout ?? undefined });
  return ws;
}
