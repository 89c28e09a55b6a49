// A throwaway npm registry on loopback that serves only the given tarballs,
// for installing packed packages as users will once they are published:
//   GET /<name> → a packument with the tarball's one version,
//   GET /-/<file> → the tarball.
// Point one scope at it (`npm_config_@wsclient:registry=<url>`); every other
// package still comes from the usual registry. Used by scripts/pack-check.mjs
// and tools/demo/global-install-check.mjs.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

/** The package.json inside a tarball made by `pnpm pack`. */
export function packedManifest(tarball) {
  return JSON.parse(
    execFileSync("tar", ["-xzOf", tarball, "package/package.json"], { encoding: "utf8" }),
  );
}

/** Starts the registry; resolves with its URL and `close()`. */
export async function startRegistry(tarballs) {
  const byName = new Map();
  const server = createServer((req, res) => {
    const url = decodeURIComponent(req.url ?? "/");
    const file = url.startsWith("/-/") ? url.slice(3) : null;
    if (file) {
      const t = [...byName.values()].find((x) => x.file === file);
      if (!t) return void res.writeHead(404).end();
      res.writeHead(200, { "content-type": "application/octet-stream" }).end(t.bytes);
      return;
    }
    const t = byName.get(url.slice(1));
    if (!t) return void res.writeHead(404, { "content-type": "application/json" }).end("{}");
    const { port } = server.address();
    const version = {
      ...t.manifest,
      dist: {
        tarball: `http://127.0.0.1:${port}/-/${t.file}`,
        integrity: t.integrity,
        shasum: t.shasum,
      },
    };
    res.writeHead(200, { "content-type": "application/json" }).end(
      JSON.stringify({
        name: t.manifest.name,
        "dist-tags": { latest: t.manifest.version },
        versions: { [t.manifest.version]: version },
      }),
    );
  });
  for (const path of tarballs) {
    const bytes = readFileSync(path);
    const manifest = packedManifest(path);
    byName.set(manifest.name, {
      file: path.split("/").pop(),
      bytes,
      manifest,
      integrity: `sha512-${createHash("sha512").update(bytes).digest("base64")}`,
      shasum: createHash("sha1").update(bytes).digest("hex"),
    });
  }
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((r) => server.close(r)),
  };
}
