import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// The READMEs' TypeScript examples (the root one maps Python to TypeScript;
// each package's first one is its runnable example) must compile under
// `tsc --strict` against the real types: each ```ts block becomes a module
// of its own, placed so its imports resolve as a user's would.
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const readmes = [
  root,
  ...readdirSync(join(root, "packages")).map((d) => join(root, "packages", d)),
].flatMap((dir) => {
  try {
    return [{ dir, text: readFileSync(join(dir, "README.md"), "utf8") }];
  } catch {
    return [];
  }
});

/** A root README block, with `ws`/`app` declared when it uses them without creating them. */
function rootSnippet(code: string): string {
  const prelude = [
    'import type { WebSocket as __WS, WebSocketApp as __App } from "@wsclient/client";',
  ];
  if (/\bws\b/.test(code) && !/\bconst ws\b/.test(code)) prelude.push("declare const ws: __WS;");
  if (/\bapp\./.test(code) && !/\bconst app\b/.test(code))
    prelude.push("declare const app: __App;");
  return `${prelude.join("\n")}\n${code}\nexport {};\n`;
}

/**
 * `name → source` of every block checked: all of the root README's, which
 * sit in this package (it depends on the facade), and the first of each
 * package README — the runnable example `scripts/pack-check.mjs` runs —
 * which sits in that package and must be a complete program. (The later
 * blocks of package READMEs are API sketches: signatures, fragments.)
 */
const files = new Map<string, string>();
const here = dirname(fileURLToPath(import.meta.url));
for (const { dir, text } of readmes) {
  [...text.matchAll(/```ts\n([\s\S]*?)```/g)].forEach((m, i) => {
    const code = m[1] ?? "";
    if (dir === root) files.set(join(here, `__readme_${i}.ts`), rootSnippet(code));
    else if (i === 0) files.set(join(dir, `__readme_${i}.ts`), `${code}\nexport {};\n`);
  });
}

describe("README TypeScript examples compile under --strict", () => {
  it("has examples in the root README and in the packages'", () => {
    const fromRoot = [...files.keys()].filter((f) => dirname(f) === here);
    expect(fromRoot.length).toBeGreaterThanOrEqual(10);
    expect(files.size - fromRoot.length).toBe(readmes.length - 1); // one per package
  });

  it("every ```ts block typechecks", () => {
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
      typeRoots: [join(root, "node_modules", "@types")],
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
        const where = d.file!.fileName.slice(root.length + 1);
        const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
        return `${where} line ${line}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
      });
    expect(problems).toEqual([]);
  }, 120_000);
});
