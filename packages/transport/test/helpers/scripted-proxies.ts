import { connect, createServer, type Socket } from "node:net";
import { createServer as createTlsServer } from "node:tls";
import { listenLoopback } from "@wsclient-tools/test-utils";

// Scripted proxies for what no Debian peer does (the Debian ones — tinyproxy,
// squid, microsocks, dante — come from @wsclient-tools/test-utils).

/** A small scripted server, closed with `close()`. */
export interface ScriptedServer {
  port: number;
  /** What the server saw, one entry per request. */
  seen: string[];
  close: () => Promise<void>;
}

/**
 * A scripted SOCKS4a server (no Debian package here speaks 4a: Dante rejects
 * the 0.0.0.x form). It records `userid@host:port`, resolves the name itself
 * (remote DNS), connects and relays.
 */
export async function startSocks4aServer(): Promise<ScriptedServer> {
  const sockets = new Set<Socket>();
  const seen: string[] = [];
  const server = createServer((client) => {
    client.on("error", () => {}); // listenLoopback tracks and closes accepted sockets
    let buf = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length > 1024) return void client.destroy();
      const userEnd = buf.indexOf(0, 8);
      if (userEnd === -1) return;
      const isA = buf[4] === 0 && buf[5] === 0 && buf[6] === 0 && (buf[7] ?? 0) !== 0;
      let host = `${buf[4]}.${buf[5]}.${buf[6]}.${buf[7]}`;
      let end = userEnd + 1;
      if (isA) {
        const hostEnd = buf.indexOf(0, userEnd + 1);
        if (hostEnd === -1) return;
        host = buf.subarray(userEnd + 1, hostEnd).toString();
        end = hostEnd + 1;
      }
      client.off("data", onData);
      const port = buf.readUInt16BE(2);
      seen.push(`${buf.subarray(8, userEnd).toString()}@${host}:${port}${isA ? " (4a)" : ""}`);
      const rest = buf.subarray(end);
      const upstream = connect({ host, port, family: 4 });
      sockets.add(upstream);
      upstream.on("error", () => client.destroy());
      upstream.on("close", () => sockets.delete(upstream));
      upstream.once("connect", () => {
        client.write(Buffer.from([0, 0x5a, 0, 0, 0, 0, 0, 0]));
        if (rest.length) upstream.write(rest);
        client.pipe(upstream).pipe(client);
      });
    };
    client.on("data", onData);
  });
  const s = await listenLoopback(server, "127.0.0.1", sockets);
  return { port: s.port, seen, close: s.close };
}

/**
 * A scripted SOCKS5 server without auth that records the requested address
 * (`domain:<name>` or `ip:<addr>`) and answers with reply code `rep`
 * (4 = host unreachable) — enough to see what socks5 vs socks5h send.
 */
export async function startSocks5Recorder(rep = 4): Promise<ScriptedServer> {
  const sockets = new Set<Socket>();
  const seen: string[] = [];
  const server = createServer((client) => {
    client.on("error", () => {}); // listenLoopback tracks and closes accepted sockets
    let greeted = false;
    let buf = Buffer.alloc(0);
    client.on("data", (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (!greeted) {
        if (buf.length < 2 || buf.length < 2 + (buf[1] ?? 0)) return;
        buf = buf.subarray(2 + (buf[1] ?? 0));
        greeted = true;
        client.write(Buffer.from([5, 0]));
      }
      if (buf.length < 5) return;
      const atyp = buf[3];
      if (atyp === 3) {
        const len = buf[4] ?? 0;
        if (buf.length < 5 + len + 2) return;
        seen.push(`domain:${buf.subarray(5, 5 + len).toString()}`);
      } else if (atyp === 1) {
        if (buf.length < 10) return;
        seen.push(`ip:${buf[4]}.${buf[5]}.${buf[6]}.${buf[7]}`);
      } else seen.push(`atyp:${atyp}`);
      client.end(Buffer.from([5, rep, 0, 1, 0, 0, 0, 0, 0, 0]));
    });
  });
  const s = await listenLoopback(server, "127.0.0.1", sockets);
  return { port: s.port, seen, close: s.close };
}

/** A TLS front (cert from the test CA) that pipes each connection to 127.0.0.1:`to`: an HTTPS proxy. */
export async function startTlsFront(
  to: number,
  key: Buffer,
  cert: Buffer,
): Promise<ScriptedServer> {
  const sockets = new Set<Socket>();
  const server = createTlsServer({ key, cert }, (client) => {
    client.on("error", () => {});
    const upstream = connect(to, "127.0.0.1");
    sockets.add(upstream);
    upstream.on("error", () => client.destroy());
    client.on("close", () => upstream.destroy());
    client.pipe(upstream).pipe(client);
  });
  const s = await listenLoopback(server, "127.0.0.1", sockets);
  return { port: s.port, seen: [], close: s.close };
}
