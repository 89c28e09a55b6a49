import { createConnection, registerCompression, type WebSocket } from "@wsclient/core";
import { permessageDeflate } from "@wsclient/permessage-deflate";

// The client at the library's defaults, as the wsclient facade sets them:
// permessage-deflate offered with its default options (cases 12.x, 13.x).
registerCompression((options) => permessageDeflate(options === true ? undefined : options));

const OPCODE_CLOSE = 8;

/** Upper bound for one case, so a hung case cannot hang the run. */
const CASE_LIMIT_MS = 120_000;

/**
 * Play one case the way Autobahn's client drivers do: connect, echo every
 * message with its opcode until the server's close frame, then close.
 * Errors are part of the case (a client that fails the connection on bad
 * input is doing its job), so they end the case rather than the run.
 */
export async function echoCase(url: string): Promise<void> {
  let ws: WebSocket;
  try {
    ws = await createConnection(url, { timeout: 10_000 });
  } catch {
    return;
  }
  ws.setTimeout(null);
  const guard = setTimeout(() => ws.abort(), CASE_LIMIT_MS);
  try {
    for (;;) {
      const [opcode, data] = await ws.recvData();
      if (opcode === OPCODE_CLOSE) break;
      await ws.send(data, opcode);
    }
  } catch {
    // The connection failed or was closed: the server grades what happened.
  } finally {
    clearTimeout(guard);
    await ws.close({ timeout: 2000 }).catch(() => {});
    ws.shutdown();
  }
}

/** Open a utility endpoint and return the text message it sends (if any). */
export async function fetchText(url: string): Promise<string> {
  const ws = await createConnection(url, { timeout: 10_000 });
  let text = "";
  try {
    for (;;) {
      const [opcode, data] = await ws.recvData();
      if (opcode === OPCODE_CLOSE) break;
      if (opcode === 1) text = new TextDecoder().decode(data);
    }
  } finally {
    await ws.close({ timeout: 2000 }).catch(() => {});
    ws.shutdown();
  }
  return text;
}
