// Interop peer: the `ws` package's server in its own process.
//
// Same behaviour table as websockets_server.py (see there): /echo, /headers,
// /subprotocol, /close?code=N&reason=R, /fragments, /ping, /splitutf8,
// /manyfragments, /reject (403 with a header and a body). Prints
// "LISTENING <port>" once bound and "CLOSED <json>" per connection with the
// close code and reason the client sent. Usage: node ws-server.mjs [port]
import { WebSocketServer } from "ws";

const SUBPROTOCOLS = ["chat", "superchat"];
const port = Number(process.argv[2] ?? 0);

const wss = new WebSocketServer({
  host: "127.0.0.1",
  port,
  maxPayload: 0,
  perMessageDeflate: false,
  handleProtocols: (offered) => SUBPROTOCOLS.find((p) => offered.has(p)) ?? false,
  verifyClient: (info, callback) => {
    if (info.req.url?.startsWith("/reject")) {
      callback(false, 403, "forbidden by test", { "X-Reject-Reason": "nope" });
    } else callback(true);
  },
});

wss.on("listening", () => {
  const address = wss.address();
  process.stdout.write(`LISTENING ${typeof address === "string" ? address : address.port}\n`);
});

wss.on("connection", (ws, req) => {
  const url = new URL(req.url ?? "/", "http://localhost");
  ws.on("message", (data, isBinary) => ws.send(data, { binary: isBinary }));
  ws.on("close", (code, reason) => {
    const id = url.searchParams.get("id");
    process.stdout.write(`CLOSED ${JSON.stringify({ id, code, reason: reason.toString() })}\n`);
  });
  switch (url.pathname) {
    case "/headers": {
      const headers = {};
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        const key = req.rawHeaders[i].toLowerCase();
        const value = req.rawHeaders[i + 1];
        headers[key] = key in headers ? `${headers[key]}, ${value}` : value;
      }
      ws.send(JSON.stringify(headers));
      break;
    }
    case "/subprotocol":
      ws.send(ws.protocol);
      break;
    case "/close":
      if (url.searchParams.get("code") === "none") ws.close();
      else
        ws.close(
          Number(url.searchParams.get("code") ?? 1000),
          url.searchParams.get("reason") ?? "",
        );
      break;
    case "/fragments":
      ws.send("frag", { fin: false });
      ws.send("ment", { fin: false });
      ws.send("ed", { fin: true });
      ws.send(Buffer.from([0, 1]), { binary: true, fin: false });
      ws.send(Buffer.from([2]), { binary: true, fin: true });
      break;
    case "/splitutf8": {
      const data = Buffer.from("h\u00e9\u2713\u{1f680}!");
      for (let i = 0; i < data.length; i++) {
        ws.send(data.subarray(i, i + 1), { binary: false, fin: i === data.length - 1 });
      }
      break;
    }
    case "/manyfragments": {
      const size = Number(url.searchParams.get("size") ?? 4194304);
      const frag = Number(url.searchParams.get("frag") ?? 64);
      const data = Buffer.alloc(size);
      for (let i = 0; i < size; i++) data[i] = i & 0xff;
      for (let i = 0; i < size; i += frag) {
        ws.send(data.subarray(i, i + frag), { binary: true, fin: i + frag >= size });
      }
      break;
    }
    case "/ping":
      ws.once("pong", (data) => ws.send(`pong:${data.toString()}`));
      ws.ping("server-ping");
      break;
  }
});

process.on("SIGTERM", () => {
  for (const client of wss.clients) client.terminate();
  wss.close(() => process.exit(0));
});
