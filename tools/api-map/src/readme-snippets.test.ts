import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// The root README's TypeScript examples (the Python → TypeScript mapping)
// must compile against the real `wsclient` types: each ```ts block becomes a
// module of its own, with `ws`/`app` declared when the block uses them
// without creating them.
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const readme = readFileSync(join(root, "README.md"), "utf8");
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");

function snippetSource(code: string): string {
  const prelude = [
    'import type { WebSocket as __WS, WebSocketApp as __App } from "@wsclient/client";',
  ];
  if (/\bws\b/.test(code) && !/\bconst ws\b/.test(code)) prelude.push("declare const ws: __WS;");
  if (/\bapp\./.test(code) && !/\bconst app\b/.test(code))
    prelude.push("declare const app: __App;");
  return `${prelude.join("\n")}\n${code}\nexport {};\n`;
}

describe("root README TypeScript examples compile against wsclient", () => {
  it("has examples", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(10);
  });

  it("every ```ts block typechecks", () => {
    const require = createRequire(import.meta.url);
    const dir = join(
      dirname(require.resolve("@wsclient/client/package.json")),
      "..",
      "..",
      "tools",
      "api-map",
      "src",
    );
    const files = new Map(blocks.map((b, i) => [join(dir, `__readme_${i}.ts`), snippetSource(b)]));
    const options: ts.CompilerOptions = {
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      customConditions: ["@wsclient/source"],
      target: ts.ScriptTarget.ES2022,
      lib: ["lib.es2022.d.ts", "lib.esnext.disposable.d.ts", "lib.dom.d.ts"],
      resolveJsonModule: true,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ["node"],
    };
    const host = ts.createCompilerHost(options);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, lang, ...rest) => {
      const text = files.get(name);
      return text !== undefined
        ? ts.createSourceFile(name, text, lang)
        : getSourceFile(name, lang, ...rest);
    };
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (name) => files.has(name) || fileExists(name);
    const readFile = host.readFile.bind(host);
    host.readFile = (name) => files.get(name) ?? readFile(name);
    const program = ts.createProgram([...files.keys()], options, host);
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file && files.has(d.file.fileName))
      .map((d) => {
        const i = [...files.keys()].indexOf(d.file!.fileName);
        const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
        return `block ${i} line ${line}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
      });
    expect(problems).toEqual([]);
  }, 120_000);
});
