import {
  type DeflateEchoServer,
  startDeflateEchoServer,
} from "@wsclient-tools/test-utils/deflate-echo";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT } from "../src/exit-codes.js";
import { runWsdump } from "./helpers/run-wsdump.js";

/** A `ws` echo server with perMessageDeflate that records each request's offer. */
let server: DeflateEchoServer;
let url: string;
let offers: (string | undefined)[];
beforeAll(async () => {
  server = await startDeflateEchoServer();
  ({ url, offers } = server);
});
afterAll(async () => {
  await server.close();
});

describe("wsdump compression (permessage-deflate, on by default)", () => {
  it("offers it by default; -v shows what was negotiated", async () => {
    offers.length = 0;
    const r = await runWsdump([url, "-v", "--eof-wait", "0.5"], { input: "hello compressed\n" });
    expect(r.code).toBe(EXIT.OK);
    expect(offers).toEqual(["permessage-deflate; client_max_window_bits"]);
    expect(r.stderr).toContain(
      "compression: permessage-deflate; server_max_window_bits=15; client_max_window_bits=15",
    );
    expect(r.stdout).toContain("hello compressed");
  });

  it("--no-compress offers nothing", async () => {
    offers.length = 0;
    const r = await runWsdump([url, "-v", "--no-compress", "--eof-wait", "0.5"], {
      input: "plain\n",
    });
    expect(r.code).toBe(EXIT.OK);
    expect(offers).toEqual([undefined]);
    expect(r.stderr).toContain("compression: (none)");
    expect(r.stdout).toContain("plain");
  });
});
