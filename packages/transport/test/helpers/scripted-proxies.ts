import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer as createTlsServer } from "node:tls";
import { freePort, type Peer, startPeer } from "./peers.js";

function withTempDir(peer: Peer, dir: string): Peer {
  return {
    ...peer,
    stop: async () => {
      await peer.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** tinyproxy (Debian) on a free loopback port: HTTP CONNECT with Basic auth. */
export async function startTinyproxy(user: string, password: string): Promise<Peer> {
  const dir = mkdtempSync(join(tmpdir(), "wsclient-tinyproxy-"));
  const port = await freePort();
  const conf = join(dir, "tinyproxy.conf");
  writeFileSync(
    conf,
    [
      `Port ${port}`,
      "Listen 127.0.0.1",
      "Timeout 30",
      "MaxClients 50",
      `BasicAuth ${user} ${password}`,
      "LogLevel Info",
      "Allow 127.0.0.1",
      `PidFile "${join(dir, "tinyproxy.pid")}"`,
      "",
    ].join("\n"),
  );
  return withTempDir(await startPeer("tinyproxy", ["-d", "-c", conf], port), dir);
}

/**
 * squid (Debian) on a free loopback port: HTTP CONNECT with Basic auth checked
 * by `basic_ncsa_auth` against an htpasswd file made with `openssl passwd -apr1`.
 */
export async function startSquid(user: string, password: string): Promise<Peer> {
  const dir = mkdtempSync(join(tmpdir(), "wsclient-squid-"));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const hash = execFileSync("openssl", ["passwd", "-apr1", password], { encoding: "utf8" }).trim();
  const passwd = join(dir, "passwd");
  writeFileSync(passwd, `${user}:${hash}\n`, { mode: 0o644 });
  const root = process.getuid?.() === 0;
  if (root) {
    // squid drops to the `proxy` user, which must write its log and pid here.
    const uid = Number(execFileSync("id", ["-u", "proxy"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, -1);
  }
  const conf = join(dir, "squid.conf");
  writeFileSync(
    conf,
    [
      `http_port 127.0.0.1:${port}`,
      `auth_param basic program /usr/lib/squid/basic_ncsa_auth ${passwd}`,
      "auth_param basic children 2 startup=1 idle=1",
      "auth_param basic realm wsclient-test",
      "acl authed proxy_auth REQUIRED",
      "http_access allow authed",
      "http_access deny all",
      "cache deny all",
      "cache_mem 8 MB",
      "access_log none",
      `cache_log ${join(dir, "cache.log")}`,
      `pid_filename ${join(dir, "squid.pid")}`,
      `coredump_dir ${dir}`,
      "shutdown_lifetime 0 seconds",
      ...(root ? ["cache_effective_user proxy"] : []),
      "",
    ].join("\n"),
  );
  return withTempDir(await startPeer("squid", ["-N", "-f", conf], port), dir);
}

/** microsocks (Debian) on a free loopback port: SOCKS5 with username/password. */
export async function startMicrosocks(user: string, password: string): Promise<Peer> {
  const port = await freePort();
  return startPeer(
    "microsocks",
    ["-i", "127.0.0.1", "-p", String(port), "-u", user, "-P", password],
    port,
  );
}

/** Dante's danted (Debian) on a free loopback port: SOCKS4 and SOCKS5 without auth. */
export async function startDante(): Promise<Peer> {
  const dir = mkdtempSync(join(tmpdir(), "wsclient-dante-"));
  const port = await freePort();
  const conf = join(dir, "danted.conf");
  writeFileSync(
    conf,
    [
      "logoutput: stderr",
      `internal: 127.0.0.1 port = ${port}`,
      "external: 127.0.0.1",
      "clientmethod: none",
      "socksmethod: none",
      "user.privileged: root",
      "user.unprivileged: nobody",
      "client pass { from: 127.0.0.0/8 to: 0.0.0.0/0 }",
      "socks pass { from: 127.0.0.0/8 to: 0.0.0.0/0 protocol: tcp }",
      "",
    ].join("\n"),
  );
  const peer = await startPeer(
    "danted",
    ["-f", conf, "-N", "1", "-p", join(dir, "danted.pid")],
    port,
  );
  return withTempDir(peer, dir);
}

/** A small scripted server, closed with `close()`. */
export interface ScriptedServer {
  port: number;
  /** What the server saw, one entry per request. */
  seen: string[];
  close: () => Promise<void>;
}

async function listen(
  server: Server,
  sockets: Set<Socket>,
): Promise<ScriptedServer & { seen: string[] }> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    seen: [],
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
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
    sockets.add(client);
    client.on("error", () => {});
    client.on("close", () => sockets.delete(client));
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
  const s = await listen(server, sockets);
  return { ...s, seen };
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
    sockets.add(client);
    client.on("error", () => {});
    client.on("close", () => sockets.delete(client));
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
  const s = await listen(server, sockets);
  return { ...s, seen };
}

/** A TLS front (cert from the test CA) that pipes each connection to 127.0.0.1:`to`: an HTTPS proxy. */
export async function startTlsFront(
  to: number,
  key: Buffer,
  cert: Buffer,
): Promise<ScriptedServer> {
  const sockets = new Set<Socket>();
  const server = createTlsServer({ key, cert }, (client) => {
    sockets.add(client);
    client.on("error", () => {});
    const upstream = connect(to, "127.0.0.1");
    sockets.add(upstream);
    upstream.on("error", () => client.destroy());
    client.on("close", () => upstream.destroy());
    client.pipe(upstream).pipe(client);
  });
  return listen(server, sockets);
}
