import WebSocket from "ws";

/** One connection that echoes every message with its opcode until closed (ws's Autobahn driver). */
export function echoCase(url: string, options: WebSocket.ClientOptions = {}): Promise<void> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, options);
    ws.on("message", (data, isBinary) => ws.send(data as Buffer, { binary: isBinary }));
    ws.on("error", () => {});
    ws.on("close", () => resolve());
  });
}

/** Read the one text message a utility endpoint sends. */
export function fetchText(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    let text = "";
    ws.on("message", (data) => {
      text = String(data);
    });
    ws.on("error", reject);
    ws.on("close", () => resolve(text));
  });
}

/** Play every case with `ws` as the agent, then ask for the reports. */
export async function runWsAgent(
  base: string,
  agent: string,
  options: WebSocket.ClientOptions = {},
): Promise<void> {
  const count = Number(await fetchText(`${base}/getCaseCount`));
  for (let i = 1; i <= count; i++) {
    await echoCase(`${base}/runCase?case=${i}&agent=${encodeURIComponent(agent)}`, options);
  }
}
