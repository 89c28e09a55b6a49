import { describe, expect, it } from "vitest";
import { FuzzingServer } from "../src/index";
import { waitForResults } from "./helpers";
import { type RawClientFlaws, rawEchoCase } from "./raw-client";

// A client that checks nothing (accepts reserved bits and opcodes, echoes
// invalid UTF-8) must be graded FAILED where the spec says to fail, and OK
// where plain echoing is all that is asked.

async function play(cases: string[], agent: string, flaws: RawClientFlaws = {}) {
  const server = await FuzzingServer.start({ cases, outdir: "/nonexistent" });
  try {
    for (let i = 1; i <= server.cases.length; i++) {
      await rawEchoCase(`${server.url}/runCase?case=${i}&agent=${agent}`, flaws);
    }
    return await waitForResults(server, agent, server.cases.length);
  } finally {
    await server.close();
  }
}

describe("a client that validates nothing", () => {
  it("is OK on plain echo cases", async () => {
    const r = await play(["1.1.1", "1.2.8", "2.1", "5.6", "6.2.3", "10.1.1"], "lax");
    for (const result of r.values())
      expect([result.id, result.behavior, result.behaviorClose]).toEqual([result.id, "OK", "OK"]);
  });

  it("is FAILED on the reserved-bit cases 3.1-3.6", async () => {
    const r = await play(["3.*"], "lax");
    expect(r.size).toBe(7);
    for (const id of ["3.1", "3.2", "3.3", "3.4", "3.5", "3.6"]) {
      expect([id, r.get(id)?.behavior]).toEqual([id, "FAILED"]);
    }
    // 3.7 (a close frame with RSV = 7) cannot tell a lax client from a strict
    // one that echoes an empty close; Autobahn grades it the same way.
    expect(r.get("3.7")?.behavior).toBe("OK");
  });

  it("is FAILED on reserved opcodes: the server has to close (4.1.1, 4.2.1) or sees a pong (4.1.3)", async () => {
    const r = await play(["4.1.1", "4.1.3", "4.2.1"], "lax");
    for (const id of ["4.1.1", "4.2.1"]) {
      expect(r.get(id)?.behaviorClose).toBe("FAILED");
      expect(r.get(id)?.resultClose).toBe("The connection was failed by the wrong endpoint");
    }
    expect(r.get("4.1.3")?.behavior).toBe("FAILED");
  });

  it("is FAILED on invalid UTF-8, including the fail-fast cases (6.3.x, 6.4.x, 6.8.1)", async () => {
    const r = await play(["6.3.*", "6.4.*", "6.8.1"], "lax");
    expect(r.size).toBe(7);
    for (const result of r.values())
      expect([result.id, result.behavior]).toEqual([result.id, "FAILED"]);
  });
});

describe("close verdicts", () => {
  it("WRONG CODE when the client answers a close with another code, which fails the case", async () => {
    const r = await play(["7.7.1", "7.3.3"], "wrongcode", { closeReplyCode: 1001 });
    for (const result of r.values()) {
      expect(result.behaviorClose).toBe("WRONG CODE");
      expect(result.behavior).toBe("FAILED");
      expect(result.remoteCloseCode).toBe(1001);
    }
  });

  it("UNCLEAN when the client drops TCP instead of answering the close", async () => {
    const r = await play(["7.7.1"], "dropper", { dropOnClose: true });
    expect(r.get("7.7.1")?.behaviorClose).toBe("UNCLEAN");
  });
});

describe("garbage from the client", () => {
  it("is answered with a close and graded FAILED, and the server keeps serving", async () => {
    const { connect } = await import("node:net");
    const server = await FuzzingServer.start({ cases: ["1.1.1"], outdir: "/nonexistent" });
    try {
      await new Promise<void>((resolve) => {
        const s = connect({ host: "127.0.0.1", port: server.port }, () => {
          s.write(
            "GET /runCase?case=1&agent=garbage HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
          );
          // An unmasked frame claiming a 2^62-byte payload.
          s.write(Buffer.from([0x82, 0x7f, 0x40, 0, 0, 0, 0, 0, 0, 0]));
        });
        s.on("error", () => {});
        s.on("data", () => {});
        s.on("close", () => resolve());
      });
      const r = await waitForResults(server, "garbage", 1);
      expect(r.get("1.1.1")?.behavior).toBe("FAILED");
      expect(r.get("1.1.1")?.closedByMe).toBe(true);
      // Still serving: a well-behaved run of the same case is OK.
      await rawEchoCase(`${server.url}/runCase?case=1&agent=after`);
      expect((await waitForResults(server, "after", 1)).get("1.1.1")?.behavior).toBe("OK");
    } finally {
      await server.close();
    }
  });
});
