import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { createContext, runInContext } from "node:vm";
import { describe, expect, it } from "vitest";

// Bundle the package (with @wsclient/errors) the way a browser or Deno user
// gets it, and run it in a context holding only web-standard globals: no
// `process`, `Buffer`, `require` or `node:` modules.
const entry = fileURLToPath(new URL("../src/index.ts", import.meta.url));
const requireFromTsup = createRequire(createRequire(import.meta.url).resolve("tsup"));
const esbuild = (await import(requireFromTsup.resolve("esbuild"))) as typeof import("esbuild");

async function webContext(extra: Record<string, unknown> = {}) {
  const out = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    format: "iife",
    globalName: "wsframe",
    platform: "neutral",
    conditions: ["@wsclient/source"],
    write: false,
    logLevel: "silent",
  });
  const context = createContext({
    TextEncoder,
    TextDecoder,
    crypto: globalThis.crypto,
    WebAssembly,
    atob,
    Uint8Array,
    Int32Array,
    Uint16Array,
    Uint32Array,
    ArrayBuffer,
    ...extra,
  });
  runInContext(out.outputFiles[0]!.text, context);
  return context as unknown as { wsframe: typeof import("../src/index.js") };
}

const script = `
  const f = wsframe;
  const results = {};
  const key = Uint8Array.of(0x37, 0xfa, 0x21, 0x3d);
  results.hello = Array.from(f.encodeFrame(1, new TextEncoder().encode("Hello"), { maskKey: key }));
  const big = new Uint8Array(100000).map((_, i) => i & 0xff);
  const wire = f.encodeFrame(2, big);
  const server = new f.FrameParser({ expectMasked: true });
  const frames = [];
  for (let i = 0; i < wire.length; i += 999) frames.push(...server.feed(wire.subarray(i, i + 999)));
  results.roundTrip = frames.length === 1 && frames[0].data.every((b, i) => b === (i & 0xff));
  results.utf8 = [f.validateUtf8(new TextEncoder().encode("κόσμε".repeat(50))), f.validateUtf8(Uint8Array.of(0xed, 0xa0, 0x80))];
  try { new f.FrameParser().feed(Uint8Array.of(0x81, 0x81, 1, 2, 3, 4, 0x41)); } catch (e) { results.error = [e.name, e.closeCode]; }
  results;
`;

describe("runs with web-standard globals only (browsers, Deno, Bun)", () => {
  it("encodes, masks, parses, validates and throws typed errors without Node globals", async () => {
    const ctx = await webContext();
    expect("process" in ctx).toBe(false);
    const r = runInContext(script, ctx as never) as Record<string, unknown>;
    expect(r.hello).toEqual([0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58]);
    expect(r.roundTrip).toBe(true);
    expect(r.utf8).toEqual([true, false]);
    expect(r.error).toEqual(["WebSocketProtocolException", 1002]);
  }, 30_000);

  it("still works where WebAssembly is missing", async () => {
    const ctx = await webContext({ WebAssembly: undefined });
    const r = runInContext(script, ctx as never) as Record<string, unknown>;
    expect(r.roundTrip).toBe(true);
    expect(r.hello).toHaveLength(11);
  }, 30_000);
});
