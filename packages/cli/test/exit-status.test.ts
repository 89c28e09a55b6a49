import { type EchoServer, startEchoServer } from "@wsclient-tools/echo-server";
import {
  freePort,
  onHead,
  type RawServer,
  startRawServer,
  startUpgradedServer,
  switchingProtocols,
} from "@wsclient-tools/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT } from "../src/exit-codes.js";
import { runWsdump } from "./helpers/run-wsdump.js";

let echo: EchoServer;
let silentEcho: EchoServer;
const raw: RawServer[] = [];
beforeAll(async () => {
  echo = await startEchoServer();
  silentEcho = await startEchoServer({ autoPong: false });
});
afterAll(async () => {
  await Promise.all([echo.close(), silentEcho.close(), ...raw.map((s) => s.close())]);
});
const keep = (s: RawServer): RawServer => {
  raw.push(s);
  return s;
};

/** One error line, no stack trace. */
function expectOneErrorLine(stderr: string, pattern: RegExp): void {
  const errorLines = stderr.split("\n").filter((l) => l.startsWith("wsdump"));
  expect(errorLines).toHaveLength(1);
  expect(errorLines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/^\s+at /m);
}

describe("exit status", () => {
  it("0 when the server closes with 1000", async () => {
    const r = await runWsdump([`${echo.url}/close?code=1000`], { keepStdinOpen: true });
    expect(r.code).toBe(EXIT.OK);
    expect(r.stderr).toBe("");
  });

  it("0 when the server closes with 1001", async () => {
    const r = await runWsdump([`${echo.url}/close?code=1001&reason=bye`], { keepStdinOpen: true });
    expect(r.code).toBe(EXIT.OK);
  });

  it(`${EXIT.ABNORMAL_CLOSE} when the server closes with another code, which is shown`, async () => {
    const r = await runWsdump([`${echo.url}/close?code=4001&reason=go%20away`], {
      keepStdinOpen: true,
    });
    expect(r.code).toBe(EXIT.ABNORMAL_CLOSE);
    expectOneErrorLine(r.stderr, /server closed the connection: 4001 go away/);
  });

  it(`${EXIT.USAGE} for a bad command line`, async () => {
    const r = await runWsdump(["--count", "x", echo.url]);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.stderr).toContain("--count must be a whole number");
  });

  it(`${EXIT.CONNECT} when nothing listens`, async () => {
    const port = await freePort();
    const r = await runWsdump([`ws://127.0.0.1:${port}/`]);
    expect(r.code).toBe(EXIT.CONNECT);
    expectOneErrorLine(r.stderr, /^wsdump: error: .*(refused|ECONNREFUSED)/i);
  });

  it(`${EXIT.CONNECT} for an unresolvable host`, async () => {
    const r = await runWsdump(["ws://no-such-host.invalid/"]);
    expect(r.code).toBe(EXIT.CONNECT);
    expectOneErrorLine(r.stderr, /^wsdump: error: /);
  });

  it(`${EXIT.HANDSHAKE} when the server answers 401`, async () => {
    const s = keep(
      await startRawServer((socket) =>
        onHead(socket, () =>
          socket.end("HTTP/1.1 401 Unauthorized\r\nContent-Length: 4\r\nX-Why: token\r\n\r\nnope"),
        ),
      ),
    );
    const r = await runWsdump([s.url]);
    expect(r.code).toBe(EXIT.HANDSHAKE);
    expectOneErrorLine(r.stderr, /401/);
  });

  it(`${EXIT.HANDSHAKE} when the upgrade response is invalid (bad accept)`, async () => {
    const s = keep(
      await startRawServer((socket) =>
        onHead(socket, () =>
          socket.write(
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n\r\n",
          ),
        ),
      ),
    );
    const r = await runWsdump([s.url]);
    expect(r.code).toBe(EXIT.HANDSHAKE);
    expectOneErrorLine(r.stderr, /accept/i);
  });

  it(`${EXIT.PROTOCOL} when the server sends a frame with reserved bits (RFC 6455 5.2)`, async () => {
    const s = keep(
      await startUpgradedServer((socket) => socket.write(Buffer.from([0xc1, 0x02, 0x68, 0x69]))),
    );
    const r = await runWsdump([s.url], { keepStdinOpen: true });
    expect(r.code).toBe(EXIT.PROTOCOL);
    expectOneErrorLine(r.stderr, /rsv|reserved/i);
  });

  it(`${EXIT.PROTOCOL} when the server sends invalid UTF-8 text`, async () => {
    const s = keep(
      await startUpgradedServer((socket) => socket.write(Buffer.from([0x81, 0x02, 0xc3, 0x28]))),
    );
    const r = await runWsdump([s.url], { keepStdinOpen: true });
    expect(r.code).toBe(EXIT.PROTOCOL);
  });

  it(`${EXIT.PROTOCOL} when a message is over --max-size (closed with 1009)`, async () => {
    const ok = await runWsdump(
      [`${echo.url}/push?n=1&size=1000`, "--max-size", "1000", "--count", "1"],
      {
        keepStdinOpen: true,
      },
    );
    expect(ok.stdout).toBe(`${"x".repeat(1000)}\n`);
    expect(ok.code).toBe(EXIT.OK);
    const r = await runWsdump([`${echo.url}/push?n=1&size=1001`, "--max-size", "1000"], {
      keepStdinOpen: true,
    });
    expect(r.stdout).toBe("");
    expect(r.code).toBe(EXIT.PROTOCOL);
    expectOneErrorLine(r.stderr, /^wsdump: error: /);
  });

  it(`${EXIT.TIMEOUT} when the server never answers the handshake (--timeout)`, async () => {
    const s = keep(await startRawServer(() => {}));
    const r = await runWsdump([s.url, "--timeout", "0.5"]);
    expect(r.code).toBe(EXIT.TIMEOUT);
    expectOneErrorLine(r.stderr, /tim/i);
  });

  it(`${EXIT.TIMEOUT} when pongs stop coming (--ping-interval/--ping-timeout)`, async () => {
    const r = await runWsdump(
      [`${silentEcho.url}/silent`, "--ping-interval", "0.2", "--ping-timeout", "0.3"],
      {
        keepStdinOpen: true,
      },
    );
    expect(r.code).toBe(EXIT.TIMEOUT);
    expectOneErrorLine(r.stderr, /ping\/pong timed out/);
  });

  it("keepalive pings are answered by a live server: the session stays up", async () => {
    const r = await runWsdump(
      // A pong timeout far beyond the session: a slow machine cannot make it fire.
      [echo.url, "--ping-interval", "0.1", "--ping-timeout", "5", "--eof-wait", "1", "-v"],
      {
        input: "",
      },
    );
    expect(r.code).toBe(EXIT.OK);
    expect(r.stdout.match(/^pong: /gm)?.length ?? 0).toBeGreaterThanOrEqual(1);
  });

  it(`${EXIT.CONNECT} when the connection drops during the handshake`, async () => {
    const s = keep(await startRawServer((socket) => onHead(socket, () => socket.destroy())));
    const r = await runWsdump([s.url]);
    expect(r.code).toBe(EXIT.CONNECT);
    expectOneErrorLine(r.stderr, /^wsdump: error: /);
  });

  it(`${EXIT.ABNORMAL_CLOSE} when the open connection drops without a close frame`, async () => {
    const s = keep(
      await startRawServer((socket) =>
        onHead(socket, (head) => {
          socket.write(switchingProtocols(head));
          socket.write(Buffer.from([0x81, 0x02, 0x68, 0x69]));
          setTimeout(() => socket.destroy(), 100);
        }),
      ),
    );
    const r = await runWsdump([s.url], { keepStdinOpen: true });
    expect(r.stdout).toBe("hi\n");
    expect(r.code).toBe(EXIT.ABNORMAL_CLOSE);
    expectOneErrorLine(r.stderr, /lost without a close frame/);
  });

  it("-vv prints the stack trace of an error", async () => {
    const port = await freePort();
    const r = await runWsdump([`ws://127.0.0.1:${port}/`, "-vv"]);
    expect(r.code).toBe(EXIT.CONNECT);
    expect(r.stderr).toMatch(/^\s+at /m);
  });

  it("SIGINT closes the connection with 1000 and exits 0", async () => {
    const r = await runWsdump([echo.url, "-v"], {
      keepStdinOpen: true,
      onSpawn: (child) => {
        child.stderr?.on("data", (d: Buffer) => {
          if (d.toString().includes("extensions:")) child.kill("SIGINT");
        });
      },
    });
    expect(r.code).toBe(EXIT.OK);
    expect(r.stderr).toContain("> frame close fin=1 rsv=000 len=2");
  });
});

describe("--reconnect", () => {
  it("reconnects after an abnormal close, with backoff, until the count is reached", async () => {
    // Each connection pushes one message then closes with 1011: wsdump
    // reconnects each time; --count 3 ends it after the third message.
    const r = await runWsdump(
      [
        `${echo.url}/push?n=1&close=1011`,
        "--reconnect",
        "--reconnect-max-delay",
        "0.3",
        "--count",
        "3",
      ],
      {
        keepStdinOpen: true,
      },
    );
    expect(r.stdout).toBe("message 1\nmessage 1\nmessage 1\n");
    expect(r.stderr.match(/reconnecting in/g)?.length).toBe(2);
    expect(r.code).toBe(EXIT.OK);
  });

  it("does not reconnect after a normal close", async () => {
    const r = await runWsdump([`${echo.url}/push?n=1&close=1000`, "--reconnect"], {
      keepStdinOpen: true,
    });
    expect(r.stdout).toBe("message 1\n");
    expect(r.stderr).not.toContain("reconnecting");
    expect(r.code).toBe(EXIT.OK);
  });
});
