import { fileURLToPath } from "node:url";
import { createContext, runInContext } from "node:vm";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import * as errors from "./index.js";

type ErrorClass = typeof errors.WebSocketException;
const exported = Object.entries(errors).filter(([k]) => k.endsWith("Exception")) as [
  string,
  ErrorClass,
][];

describe("error names are spelled out, so they survive minification", () => {
  it("every class sets its own errorName, equal to its exported name", () => {
    expect(exported.length).toBe(9);
    for (const [key, Ctor] of exported) {
      expect(Object.hasOwn(Ctor, "errorName"), key).toBe(true);
      expect(Ctor.errorName).toBe(key);
      expect(new Ctor("m", { statusCode: 400 } as never).name).toBe(key);
    }
  });

  it("a subclass of ours without its own errorName is named after its class", () => {
    class AppSpecificError extends errors.WebSocketProtocolException {}
    expect(new AppSpecificError("m").name).toBe("AppSpecificError");
  });

  it("keeps every name in a minified bundle (which renames the classes)", async () => {
    const out = await build({
      entryPoints: [fileURLToPath(new URL("./index.ts", import.meta.url))],
      bundle: true,
      minify: true,
      format: "iife",
      globalName: "wserrors",
      platform: "browser",
      write: false,
      logLevel: "silent",
    });
    const ctx = createContext({ TextDecoder });
    runInContext(out.outputFiles[0]!.text, ctx);
    const result = runInContext(
      `Object.entries(wserrors).filter(([k]) => k.endsWith("Exception"))
         .map(([k, C]) => [k, C.name, new C("m", { statusCode: 400 }).name])`,
      ctx,
    ) as [string, string, string][];
    expect(result).toHaveLength(9);
    // The minifier did rename the classes (else this test would prove nothing) …
    expect(result.filter(([k, className]) => k !== className).length).toBeGreaterThan(0);
    // … and every instance still has the exported name.
    expect(result.map(([k, , name]) => [k, name])).toEqual(result.map(([k]) => [k, k]));
  }, 30_000);
});
