#!/usr/bin/env -S npx tsx
/**
 * `tsx tools/fuzzingserver/src/cli.ts [--spec fuzzingserver.json] [--port N] [--host H]`
 * starts the fuzzing server and keeps it running until interrupted.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { FuzzingServer, type FuzzingServerSpec } from "./server";

const { values } = parseArgs({
  options: {
    spec: { type: "string" },
    port: { type: "string" },
    host: { type: "string" },
  },
});

const spec: FuzzingServerSpec = values.spec ? JSON.parse(readFileSync(values.spec, "utf8")) : {};
const specDir = values.spec ? dirname(resolve(values.spec)) : process.cwd();
const fromUrl = spec.url ? new URL(spec.url) : undefined;

const server = await FuzzingServer.start({
  host: values.host ?? fromUrl?.hostname.replace(/^\[|\]$/g, "") ?? "127.0.0.1",
  port: Number(values.port ?? fromUrl?.port ?? 9001),
  outdir: resolve(specDir, spec.outdir ?? "./reports/clients"),
  cases: spec.cases ?? ["*"],
  excludeCases: spec["exclude-cases"] ?? [],
  excludeAgentCases: spec["exclude-agent-cases"] ?? {},
  onResult: (r) =>
    console.log(`${r.agent} ${r.id}: ${r.behavior} / ${r.behaviorClose} (${r.duration} ms)`),
});
console.log(
  `fuzzing server on ${server.url} with ${server.cases.length} cases; reports go to ${server.outdir}`,
);
const stop = () => server.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
