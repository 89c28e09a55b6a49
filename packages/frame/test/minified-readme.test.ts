import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { format } from "node:util";
import { createContext, runInContext } from "node:vm";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

// The README example as a browser user ships it: bundled and minified
// (which renames classes), run with web-standard globals only. What it
// prints must be what the README's comments say, error class name included.
const pkgDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const readme = readFileSync(join(pkgDir, "README.md"), "utf8");
const example = /```ts\n([\s\S]*?)```/.exec(readme)![1]!;

describe("the README example, minified for a browser", () => {
  it("prints the README's output, error class names included", async () => {
    const out = await build({
      stdin: {
        contents: example.replace(
          '"@wsclient/frame"',
          JSON.stringify(join(pkgDir, "src/index.ts")),
        ),
        resolveDir: pkgDir,
        loader: "ts",
      },
      bundle: true,
      minify: true,
      format: "iife",
      platform: "browser",
      conditions: ["@wsclient/source"],
      write: false,
      logLevel: "silent",
    });
    const bundle = out.outputFiles[0]!.text;
    expect(bundle).not.toContain("class WebSocketProtocolException"); // the minifier renamed it
    const lines: string[] = [];
    const ctx = createContext({
      console: { log: (...args: unknown[]) => lines.push(format(...args)) },
      TextEncoder,
      TextDecoder,
      crypto: globalThis.crypto,
      WebAssembly,
      atob,
      // One realm, as in a browser: TextEncoder's arrays are the bundle's Uint8Array.
      Uint8Array,
      Int32Array,
      Uint16Array,
      Uint32Array,
      ArrayBuffer,
    });
    runInContext(bundle, ctx);
    // The error line's README comment, word for word.
    const errorComment = /console\.log\(err\.name.*\/\/ (.*)$/m.exec(example)![1];
    expect(errorComment).toBe("WebSocketProtocolException 1002 reserved opcode 3");
    expect(lines).toEqual([
      "81 85 37 fa 21 3d 7f 9f 4d 51 58",
      "text 0 true",
      "cont 1 true",
      "close { code: 1000, reason: 'bye' }",
      "message complete and valid UTF-8: true",
      errorComment,
    ]);
  }, 30_000);
});
