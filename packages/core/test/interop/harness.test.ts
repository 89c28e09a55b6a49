/**
 * The interop servers themselves, checked with the `ws` client: if one of
 * these fails, an interop failure of @wsclient/core is the server's, not ours.
 */
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { ServerKind } from "../servers/start-server.js";
import { useServer } from "../servers/use-server.js";

interface Seen {
  protocol: string;
  messages: [boolean, string][];
  pings: string[];
  close: [number, string];
}

/** Opens `url` with ws, runs `act` on open, collects everything until the close (10 s bound). */
function session(
  url: string,
  opts: { protocols?: string[]; closeAfterMessages?: number; act?: (ws: WebSocket) => void },
): Promise<Seen> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, opts.protocols ?? [], {
      headers: { "X-Interop": "harness" },
      perMessageDeflate: false,
    });
    const seen: Seen = { protocol: "", messages: [], pings: [], close: [0, ""] };
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`no close within 10 s: ${JSON.stringify(seen)}`));
    }, 10000);
    ws.on("open", () => {
      seen.protocol = ws.protocol;
      opts.act?.(ws);
    });
    ws.on("message", (data, isBinary) => {
      seen.messages.push([isBinary, (data as Buffer).toString("latin1")]);
      if (seen.messages.length === opts.closeAfterMessages) ws.close(4001, "bye-client");
    });
    ws.on("ping", (data) => seen.pings.push(data.toString()));
    ws.on("error", () => {});
    ws.on("close", (code, reason) => {
      clearTimeout(timer);
      seen.close = [code, reason.toString()];
      resolve(seen);
    });
  });
}

const kinds: ServerKind[] = ["ws", "websockets", "autobahn"];

describe.each(kinds)("%s interop server (checked with the ws client)", (kind) => {
  const server = useServer(kind);

  it("echoes text, binary and empty messages and reports the client's close", async () => {
    const seen = await session(`${server.url}/echo?id=h1`, {
      closeAfterMessages: 3,
      act: (ws) => {
        ws.send("hi");
        ws.send(Buffer.from([1, 2, 3]));
        ws.send("");
      },
    });
    expect(seen.messages).toEqual([
      [false, "hi"],
      [true, "\x01\x02\x03"],
      [false, ""],
    ]);
    expect(seen.close).toEqual([4001, "bye-client"]);
    expect(await server.closeOf("h1")).toEqual({ code: 4001, reason: "bye-client" });
  });

  it("sends the request headers, the subprotocol, fragments and a ping", async () => {
    const headers = await session(`${server.url}/headers`, { closeAfterMessages: 1 });
    expect(JSON.parse(headers.messages[0]![1])).toMatchObject({ "x-interop": "harness" });
    const sub = await session(`${server.url}/subprotocol`, {
      protocols: ["nope", "superchat"],
      closeAfterMessages: 1,
    });
    expect([sub.protocol, sub.messages]).toEqual(["superchat", [[false, "superchat"]]]);
    const frags = await session(`${server.url}/fragments`, { closeAfterMessages: 2 });
    expect(frags.messages).toEqual([
      [false, "fragmented"],
      [true, "\x00\x01\x02"],
    ]);
    const ping = await session(`${server.url}/ping`, { closeAfterMessages: 1 });
    expect([ping.pings, ping.messages]).toEqual([["server-ping"], [[false, "pong:server-ping"]]]);
  });

  it("closes with the requested code and reason", async () => {
    const seen = await session(`${server.url}/close?code=4000&reason=server-bye&id=h2`, {});
    expect(seen.close).toEqual([4000, "server-bye"]);
    expect(await server.closeOf("h2")).toEqual({ code: 4000, reason: "server-bye" });
    const empty = await session(`${server.url}/close?code=none&id=h3`, {});
    expect(empty.close).toEqual([1005, ""]);
    expect([1005, null]).toContain((await server.closeOf("h3")).code);
  });
});

describe("websocketd interop server (checked with the ws client)", () => {
  const server = useServer("websocketd");

  it("echoes text lines, passes headers to the program, closes when it exits", async () => {
    const echo = await session(`${server.url}/echo`, {
      closeAfterMessages: 1,
      act: (ws) => ws.send("hello line"),
    });
    expect([echo.messages, echo.close]).toEqual([[[false, "hello line"]], [4001, ""]]);
    const headers = await session(`${server.url}/headers`, { closeAfterMessages: 1 });
    expect(JSON.parse(headers.messages[0]![1])).toMatchObject({ "x-interop": "harness" });
    const bye = await session(`${server.url}/close`, {});
    expect(bye.messages).toEqual([[false, "bye"]]);
  });
});
