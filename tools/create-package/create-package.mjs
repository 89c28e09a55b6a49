#!/usr/bin/env node
// Scaffolds packages/<dir> from ./template: `pnpm new-package <dir> "<description>" [dep ...]`.
// Every placeholder {{name}}, {{dir}}, {{description}}, {{project}} is filled in; each extra
// argument becomes a `workspace:^` dependency (e.g. `@wsclient/errors`).
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const [dir, description, ...deps] = process.argv.slice(2);
if (!dir || !description || !/^[a-z][a-z0-9-]*$/.test(dir)) {
  console.error('usage: pnpm new-package <kebab-dir> "<description>" [@wsclient/dep ...]');
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const target = join(root, "packages", dir);
if (existsSync(target)) {
  console.error(`packages/${dir} already exists`);
  process.exit(2);
}
const name = dir === "wsclient" ? "@wsclient/client" : `@wsclient/${dir}`;
const vars = { name, dir, description, project: dir };

function copy(from, to) {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const src = join(from, entry.name);
    const dest = join(to, entry.name.replace(/\.tmpl$/, ""));
    if (entry.isDirectory()) copy(src, dest);
    else {
      const text = readFileSync(src, "utf8").replace(/\{\{(\w+)\}\}/g, (_, k) => vars[k] ?? "");
      writeFileSync(dest, text);
    }
  }
}
copy(join(here, "template"), target);
copyFileSync(join(root, "LICENSE"), join(target, "LICENSE")); // published with the package

if (deps.length > 0) {
  const pkgPath = join(target, "package.json");
  const pkg = JSON.parse(readFileSync(pkgPath, "utf8"));
  pkg.dependencies = Object.fromEntries(deps.map((d) => [d, "workspace:^"]));
  writeFileSync(pkgPath, `${JSON.stringify(pkg, null, 2)}\n`);
}
console.log(`created packages/${dir} (${name}); now run: npx pnpm@10 install`);
