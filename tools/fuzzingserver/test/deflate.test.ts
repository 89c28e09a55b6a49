import { constants, createDeflateRaw } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  acceptOffer,
  agreementHeader,
  PerMessageDeflate,
  parseDeflateOffers,
} from "../src/deflate";
import { ALL_CASES, FuzzingServer } from "../src/index";
import { waitForResults } from "./helpers";
import { echoCase } from "./ws-agent";

describe("RFC 7692 §7.1 extension negotiation", () => {
  it("reads ws's default offer and answers what a case requests", () => {
    const [offer] = parseDeflateOffers("permessage-deflate; client_max_window_bits");
    expect(offer).toEqual({
      acceptNoContextTakeover: true,
      acceptMaxWindowBits: true,
      requestNoContextTakeover: false,
      requestMaxWindowBits: 0,
    });
    const agreement = acceptOffer(offer!, {
      requestNoContextTakeover: true,
      requestMaxWindowBits: 8,
    });
    expect(agreementHeader(agreement)).toBe(
      "permessage-deflate; client_no_context_takeover; client_max_window_bits=8",
    );
  });

  it("rejects malformed parameters", () => {
    expect(() => parseDeflateOffers("permessage-deflate; server_max_window_bits=16")).toThrow();
    expect(() => parseDeflateOffers("permessage-deflate; bogus")).toThrow();
    expect(parseDeflateOffers("x-webkit-deflate-frame")).toEqual([]);
  });
});

describe("RFC 7692 §7.2 compression", () => {
  it("inflates messages compressed with context takeover", async () => {
    const pmd = new PerMessageDeflate(
      {
        serverNoContextTakeover: false,
        serverMaxWindowBits: 0,
        clientNoContextTakeover: false,
        clientMaxWindowBits: 0,
      },
      1 << 20,
    );
    const client = createDeflateRaw();
    const chunks: Buffer[] = [];
    client.on("data", (c: Buffer) => chunks.push(c));
    const compress = (data: Buffer) =>
      new Promise<Buffer>((resolve) => {
        client.write(data);
        client.flush(constants.Z_SYNC_FLUSH, () => {
          const out = Buffer.concat(chunks.splice(0));
          resolve(out.subarray(0, out.length - 4));
        });
      });
    const a = Buffer.from("the same words again and again ".repeat(20));
    expect(pmd.decompress(await compress(a)).equals(a)).toBe(true);
    const second = await compress(a);
    expect(second.length).toBeLessThan(20); // refers back into the first message
    expect(pmd.decompress(second).equals(a)).toBe(true);
    client.close();
  });

  it("compresses each message on its own, ending as the RFC says", () => {
    const pmd = new PerMessageDeflate(
      {
        serverNoContextTakeover: false,
        serverMaxWindowBits: 0,
        clientNoContextTakeover: false,
        clientMaxWindowBits: 0,
      },
      1 << 20,
    );
    const out = pmd.compress(Buffer.from("Hello"));
    expect(out.subarray(-4).equals(Buffer.from([0, 0, 0xff, 0xff]))).toBe(false);
  });
});

describe("cases 12 and 13 (permessage-deflate)", () => {
  it("has Autobahn's 216 ids", () => {
    const ids = ALL_CASES.map((c) => c.id).filter((id) => /^1[23]\./.test(id));
    expect(ids).toHaveLength(216);
    expect(ids).toContain("12.5.18");
    expect(ids).toContain("13.7.18");
    expect(ALL_CASES).toHaveLength(517);
  });

  const SMALL = [
    "12.1.1",
    "12.2.1",
    "12.3.1",
    "12.4.1",
    "12.5.1",
    ...[1, 2, 3, 4, 5, 6, 7].map((j) => `13.${j}.1`),
  ];

  it("ws with permessage-deflate (its default) echoes compressed messages: OK", async () => {
    const server = await FuzzingServer.start({ cases: SMALL, outdir: "/nonexistent" });
    try {
      for (let i = 1; i <= server.cases.length; i++)
        await echoCase(`${server.url}/runCase?case=${i}&agent=ws`);
      const results = await waitForResults(server, "ws", SMALL.length);
      for (const r of results.values())
        expect([r.id, r.behavior, r.behaviorClose]).toEqual([r.id, "OK", "OK"]);
      expect(results.get("13.5.1")?.httpResponse).toContain("client_max_window_bits=8");
    } finally {
      await server.close();
    }
  });

  it("a client without compression is UNIMPLEMENTED, as Autobahn grades it", async () => {
    const server = await FuzzingServer.start({
      cases: ["12.1.1", "13.7.18"],
      outdir: "/nonexistent",
    });
    try {
      for (let i = 1; i <= server.cases.length; i++) {
        await echoCase(`${server.url}/runCase?case=${i}&agent=plain`, { perMessageDeflate: false });
      }
      const results = await waitForResults(server, "plain", 2);
      for (const r of results.values())
        expect([r.behavior, r.behaviorClose]).toEqual(["UNIMPLEMENTED", "OK"]);
    } finally {
      await server.close();
    }
  });
});
