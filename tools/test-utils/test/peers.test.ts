import { once } from "node:events";
import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { freePort, startMicrosocks, startPeer, startTinyproxy, within } from "../src/index.js";

describe("peers", () => {
  it("tinyproxy starts on a free port, asks for Basic auth, and stops", async () => {
    const peer = await startTinyproxy("user", "secret");
    try {
      const client = connect(peer.port, "127.0.0.1");
      client.write("CONNECT 127.0.0.1:9 HTTP/1.1\r\nHost: 127.0.0.1:9\r\n\r\n");
      const [chunk] = (await within(once(client, "data"), 5000, "proxy reply")) as [Buffer];
      expect(chunk.toString("latin1")).toMatch(/^HTTP\/1\.[01] 407 /);
      client.destroy();
    } finally {
      await peer.stop();
    }
    expect(peer.process.exitCode !== null || peer.process.signalCode !== null).toBe(true);
  });

  it("microsocks accepts connections until stopped", async () => {
    const peer = await startMicrosocks("user", "secret");
    await peer.stop();
    const client = connect(peer.port, "127.0.0.1");
    const [err] = (await within(once(client, "error"), 3000, "refusal")) as [NodeJS.ErrnoException];
    expect(err.code).toBe("ECONNREFUSED");
  });

  it("a peer that exits before listening rejects with its output", async () => {
    const port = await freePort();
    let cleaned = false;
    await expect(
      startPeer("sh", ["-c", "echo boom >&2; exit 3"], port, () => {
        cleaned = true;
      }),
    ).rejects.toThrow(/sh exited early: boom/);
    expect(cleaned).toBe(true);
  });
});
