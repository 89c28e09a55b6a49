import {
  onHead,
  type RawServer,
  startRawServer,
  switchingProtocols,
} from "@wsclient-tools/test-utils";
import { afterEach, describe, expect, it } from "vitest";
import { createConnection, WebSocketProtocolException } from "../src/index.js";

// The whole client against scripted raw-TCP servers on loopback.
const servers: RawServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function serve(
  answer: (head: string) => string,
): Promise<{ server: RawServer; heads: string[] }> {
  const heads: string[] = [];
  const server = await startRawServer((socket) =>
    onHead(socket, (head) => {
      heads.push(head);
      socket.write(answer(head));
    }),
  );
  servers.push(server);
  return { server, heads };
}

describe("the opening handshake refuses what it must", () => {
  it("an HTTP/1.0 101 answer is a typed error (RFC 6455 §4.1: HTTP/1.1 or later)", async () => {
    const { server } = await serve((head) =>
      switchingProtocols(head).replace("HTTP/1.1 101", "HTTP/1.0 101"),
    );
    const err = await createConnection(server.url, { timeout: 5000 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WebSocketProtocolException);
    expect((err as Error).message).toContain("HTTP/1.0 101");
  });

  it("a redirect to another origin carries no credential of any kind", async () => {
    const target = await serve((head) => switchingProtocols(head));
    const first = await serve(
      () =>
        `HTTP/1.1 302 Found\r\nLocation: ws://127.0.0.1:${target.server.port}/next\r\nContent-Length: 0\r\n\r\n`,
    );
    const ws = await createConnection(`ws://user:pw@127.0.0.1:${first.server.port}/`, {
      timeout: 5000,
      header: ["Proxy-Authorization: Basic cHJveHk6c2VjcmV0", "X-Keep: 1"],
      cookie: "sid=1",
    });
    ws.shutdown();
    const credentials = /^(authorization|proxy-authorization|cookie):/gim;
    // The first origin got them all (the URL's userinfo as Basic auth) …
    expect(
      first.heads[0]!.match(credentials)
        ?.map((h) => h.toLowerCase())
        .sort(),
    ).toEqual(["authorization:", "cookie:", "proxy-authorization:"]);
    // … the other origin (another port) none, and no userinfo either.
    expect(target.heads[0]).toMatch(/^GET \/next HTTP\/1\.1\r\n/);
    expect(target.heads[0]).toMatch(/^x-keep: 1$/im);
    expect(target.heads[0]!.match(credentials)).toBeNull();
  });
});
