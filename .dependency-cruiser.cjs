// The dependency rules of DESIGN.md ("The shape"), checked by `pnpm check:deps`
// (a stage of `pnpm test:all`). A violation names the importing file, the
// imported module and the rule below.
//
//   errors ← frame, handshake, transport ← core ← app ← cli ← wsclient
//   permessage-deflate plugs into core (errors + core types); only the facade wires it.
//
// Declared-but-unused and used-but-undeclared package.json dependencies are
// checked by scripts/check-deps.mjs over this tool's output.
//
// "Runtime code" is a package's src/ without its *.test.ts files and
// test-support helpers; tests may use tools/test-utils, servers and node: modules.

/**
 * Workspace packages each package's runtime code may import: any package
 * below it (dependencies point one way, down the chain), never one beside
 * or above it.
 */
const allowed = {
  errors: [],
  frame: ["errors"],
  handshake: ["errors"],
  transport: ["errors"],
  "permessage-deflate": ["errors", "core"],
  core: ["errors", "frame", "handshake", "transport"],
  app: ["errors", "frame", "handshake", "transport", "core"],
  // The CLI is an application of the library: it wires compression as the facade does.
  cli: ["errors", "frame", "handshake", "transport", "permessage-deflate", "core", "app"],
  wsclient: [
    "errors",
    "frame",
    "handshake",
    "transport",
    "permessage-deflate",
    "core",
    "app",
    "cli",
  ],
};

const TEST = "(\\.test\\.ts$|/test/|/test-support\\.ts$|/__tests__/)";
const runtime = (pkg) => ({ path: `^packages/${pkg}/src/`, pathNot: TEST });

const layerRules = Object.entries(allowed).map(([pkg, deps]) => {
  const others = Object.keys(allowed).filter((p) => p !== pkg && !deps.includes(p));
  return {
    name: `layers: ${pkg} may import only ${deps.length ? deps.join(", ") : "no workspace package"}`,
    comment: `DESIGN.md: errors ← frame, handshake, transport ← core ← app ← cli ← wsclient. ${pkg} must not import ${others.join(", ")}.`,
    severity: "error",
    from: runtime(pkg),
    // The resolved file, or the bare name when it does not resolve (undeclared).
    to: { path: `^packages/(${others.join("|")})/|^@wsclient/(${others.join("|")})(/|$)` },
  };
});

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: "node-sockets-only-in-transport",
      comment:
        "DESIGN.md: only transport imports node:net, node:tls, node:dns (type-only imports are fine).",
      severity: "error",
      from: { path: "^packages/[^/]+/src/", pathNot: [TEST, "^packages/transport/"] },
      to: {
        dependencyTypes: ["core"],
        dependencyTypesNot: ["type-only"],
        path: "^(node:)?(net|tls|dns|dns/promises)$",
      },
    },
    {
      name: "frame-imports-no-node-module",
      comment:
        "DESIGN.md: frame has no deps, Uint8Array only, runs anywhere: it imports no node: module.",
      severity: "error",
      from: runtime("frame"),
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "no-tools-at-runtime",
      comment:
        "No package imports tools/ (test servers, test-utils, bench) from its runtime code; only its tests may.",
      severity: "error",
      from: { path: "^packages/[^/]+/src/", pathNot: TEST },
      to: { path: "^tools/" },
    },
    {
      name: "no-reaching-into-src",
      comment:
        "DESIGN.md: no package reaches into another's src/, only through its package exports (import '@wsclient/x', not '../../x/src/...').",
      severity: "error",
      from: { path: "^(packages|tools)/([^/]+)/" },
      to: {
        dependencyTypes: ["local"],
        path: "^(packages|tools)/[^/]+/src/",
        pathNot: "^$1/$2/",
      },
    },
    {
      name: "no-circular",
      comment:
        "No import cycle inside a package, type-only imports included: a part never imports back its owner. Cycles that predate this check are listed in .dependency-cruiser-known-violations.json until their code is rebuilt.",
      severity: "error",
      from: { path: "^(packages|tools|compliance)/" },
      to: { circular: true },
    },
    {
      name: "not-to-unresolvable",
      comment: "An import that does not resolve is a typo or a missing dependency.",
      severity: "error",
      from: { path: "^(packages|tools|compliance)/" },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(packages|tools)/[^/]+/(dist|\\.turbo|coverage)/|^compliance/reports/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.base.json" },
    combinedDependencies: false,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["@wsclient/source", "import", "require", "node", "types", "default"],
      mainFields: ["module", "main", "types"],
      extensions: [".ts", ".d.ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs", ".json"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
