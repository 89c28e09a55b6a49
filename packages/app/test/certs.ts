import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A throwaway CA and a server certificate for 127.0.0.1, made with the openssl CLI. */
export interface TestCerts {
  dir: string;
  caPath: string;
  cert: Buffer;
  key: Buffer;
  remove(): void;
}

export function makeCerts(): TestCerts {
  const dir = mkdtempSync(join(tmpdir(), "wsclient-app-tls-"));
  const run = (args: string[]) =>
    execFileSync("openssl", args, { cwd: dir, stdio: "pipe", timeout: 20_000 });
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  run([
    "req",
    "-x509",
    ...ec,
    "-keyout",
    "ca.key",
    "-out",
    "ca.pem",
    "-days",
    "1",
    "-subj",
    "/CN=wsclient test CA",
  ]);
  run(["req", ...ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1"]);
  writeFileSync(join(dir, "san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
  run([
    "x509",
    "-req",
    "-in",
    "server.csr",
    "-CA",
    "ca.pem",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-out",
    "server.pem",
    "-days",
    "1",
    "-extfile",
    "san.ext",
  ]);
  return {
    dir,
    caPath: join(dir, "ca.pem"),
    cert: readFileSync(join(dir, "server.pem")),
    key: readFileSync(join(dir, "server.key")),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
