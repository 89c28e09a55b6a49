import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as wsclient from "@wsclient/client";
import ts from "typescript";
import { describe, expect, it } from "vitest";

interface Entry {
  python: string;
  ts: string | null;
  kind?: "method" | "static" | "property" | "option";
  why?: string;
}
type Table = Record<string, Entry[] | string>;

const here = dirname(fileURLToPath(import.meta.url));
const table = JSON.parse(readFileSync(join(here, "..", "python-names.json"), "utf8")) as Table;
const sections = Object.entries(table).filter((e): e is [string, Entry[]] => Array.isArray(e[1]));
const mod = wsclient as unknown as Record<string, unknown>;

/** `Symbol.asyncIterator` → the symbol; other names as they are. */
function key(name: string): PropertyKey {
  const m = /^Symbol\.(\w+)$/.exec(name);
  return m ? (Symbol as unknown as Record<string, symbol>)[m[1]!]! : name;
}

/** An instance of a class, made without touching the network. */
function instanceOf(className: string): Record<PropertyKey, unknown> {
  switch (className) {
    case "WebSocket":
      return new wsclient.WebSocket() as never;
    case "ABNF":
      return new wsclient.ABNF() as never;
    case "WebSocketApp":
      return new wsclient.WebSocketApp("ws://127.0.0.1:9/") as never;
    case "WebSocketBadStatusException":
      return new wsclient.WebSocketBadStatusException("Handshake status 404", {
        statusCode: 404,
        statusMessage: "Not Found",
        respHeaders: {},
        respBody: new Uint8Array(),
      } as never) as never;
    default:
      throw new Error(`no instance recipe for ${className}`);
  }
}

/** The property names of an exported options type, read from the facade's declarations. */
function optionKeys(typeName: string): Set<string> {
  const require = createRequire(import.meta.url);
  const entry = join(dirname(require.resolve("@wsclient/client/package.json")), "src", "index.ts");
  const program = ts.createProgram([entry], {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    customConditions: ["@wsclient/source"],
    target: ts.ScriptTarget.ES2022,
    resolveJsonModule: true,
    strict: true,
    noEmit: true,
    types: ["node"],
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry);
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  const exported =
    moduleSymbol && checker.getExportsOfModule(moduleSymbol).find((s) => s.name === typeName);
  if (!exported) return new Set();
  const target =
    exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
  const type = checker.getDeclaredTypeOfSymbol(target);
  return new Set(checker.getPropertiesOfType(type).map((p) => p.name));
}

describe("every public name of Python's websocket-client has its wsclient counterpart", () => {
  it("the table is well-formed: each unported name says why", () => {
    for (const [, entries] of sections) {
      for (const e of entries) {
        if (e.ts === null) expect(e.why, e.python).toMatch(/\w/);
      }
    }
  });

  for (const [section, entries] of sections) {
    const ported = entries.filter((e) => e.ts !== null);
    describe(section, () => {
      if (section === "exports") {
        it.each(ported.map((e) => [e.python, e.ts!]))("%s → %s", (_py, name) => {
          expect(mod, `wsclient does not export ${name}`).toHaveProperty(name);
          expect(mod[name]).toBeDefined();
        });
        return;
      }
      const cls = mod[section] as (abstract new (
        ...a: never[]
      ) => unknown) &
        Record<PropertyKey, unknown>;
      const nonOptions = ported.filter((e) => e.kind !== "option");
      it.each(nonOptions.map((e) => [e.python, e.ts!, e.kind!]))(
        "%s → %s (%s)",
        (_py, name, kind) => {
          expect(cls, `wsclient does not export ${section}`).toBeTypeOf("function");
          const k = key(name);
          if (kind === "static") expect(k in cls, `${section}.${name}`).toBe(true);
          else if (kind === "method")
            expect(typeof (cls.prototype as Record<PropertyKey, unknown>)[k]).toBe("function");
          else expect(k in instanceOf(section), `${section}#${name}`).toBe(true);
        },
      );
      const options = ported.filter((e) => e.kind === "option");
      if (options.length > 0) {
        it(`${section} options (read from the type ${section}Options)`, () => {
          const keys = optionKeys(`${section}Options`);
          const missing = options
            .filter((e) => !keys.has(e.ts!))
            .map((e) => `${e.python} → ${e.ts}`);
          expect(missing).toEqual([]);
        }, 60_000);
      }
    });
  }
});
