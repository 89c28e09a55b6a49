import { getDefaultTimeout } from "./default-timeout.js";
import type { ConnectOptions, WebSocketOptions } from "./options.js";
import { WebSocket } from "./websocket.js";

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
  const {
    sslopt,
    sockopt,
    skipUtf8Validation,
    fireContFrame,
    enableMultithread,
    getMaskKey,
    maxPayload,
    readHighWaterMark,
    writeHighWaterMark,
    maxPendingPongs,
    extensions,
    compression,
    trace,
    ...connectOptions
  } = options;
  const ws = new WebSocket({
    sslopt,
    sockopt,
    skipUtf8Validation,
    fireContFrame,
    enableMultithread,
    getMaskKey,
    maxPayload,
    readHighWaterMark,
    writeHighWaterMark,
    maxPendingPongs,
    extensions,
    compression,
    trace,
  });
  const timeout = options.timeout === undefined ? getDefaultTimeout() : options.timeout;
  ws.setTimeout(timeout);
  await ws.connect(url, { ...connectOptions, sslopt, sockopt, timeout: timeout ?? undefined });
  return ws;
}
