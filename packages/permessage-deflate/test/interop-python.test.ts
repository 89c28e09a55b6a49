import { describe, expect, it } from "vitest";
import type { PerMessageDeflateOptions } from "../src/index.js";
import { roundTrips } from "./round-trips.js";
import { startPython } from "./servers/start.js";

const MiB = 1024 * 1024;

/** Each run's wire bytes must be a fraction of the payload both ways: compression was used. */
function expectCompressed(r: { bytes: number; written: number; read: number }) {
  expect(r.written).toBeLessThan(r.bytes / 2);
  expect(r.read).toBeLessThan(r.bytes / 2);
}

type Case = [string, object | undefined, PerMessageDeflateOptions, string, number];

/** One case against a Python server script: the negotiated answer, and compression both ways. */
const playCase =
  (script: string) =>
  async (
    _: string,
    config: object | undefined,
    options: PerMessageDeflateOptions,
    answer: string,
    large: number,
  ) => {
    const server = await startPython(script, config);
    try {
      const r = await roundTrips(server.url, options, large);
      expect(r.negotiated).toBe(answer);
      expectCompressed(r);
    } finally {
      await server.stop();
    }
  };

const websocketsCases: Case[] = [
  [
    "websockets' default compression, 16 MiB both ways",
    undefined,
    {},
    "permessage-deflate; server_max_window_bits=12; client_max_window_bits=12",
    16 * MiB,
  ],
  [
    "no context takeover either way",
    { server_no_context_takeover: true, client_no_context_takeover: true },
    {},
    "permessage-deflate; server_no_context_takeover; client_no_context_takeover",
    0,
  ],
  [
    "server_no_context_takeover asked by us",
    {},
    { serverNoContextTakeover: true },
    "permessage-deflate; server_no_context_takeover",
    0,
  ],
  [
    "9-bit windows both ways",
    { server_max_window_bits: 9, client_max_window_bits: 9 },
    {},
    "permessage-deflate; server_max_window_bits=9; client_max_window_bits=9",
    0,
  ],
  [
    "server window 10 asked by us",
    {},
    { serverMaxWindowBits: 10 },
    "permessage-deflate; server_max_window_bits=10",
    0,
  ],
];

describe("interop: python3-websockets (compression on by default)", () => {
  it.each(websocketsCases)("%s", playCase("websockets_deflate.py"));
});

const autobahnCases: Case[] = [
  ["Autobahn's plain accept, 16 MiB both ways", undefined, {}, "permessage-deflate", 16 * MiB],
  [
    "client_no_context_takeover and a 9-bit client window asked by the server (Autobahn refuses 8)",
    { request_no_context_takeover: true, request_max_window_bits: 9 },
    {},
    "permessage-deflate; client_no_context_takeover; client_max_window_bits=9",
    0,
  ],
  [
    "server_no_context_takeover and server window 9 asked by us",
    {},
    { serverNoContextTakeover: true, serverMaxWindowBits: 9 },
    "permessage-deflate; server_no_context_takeover; server_max_window_bits=9",
    0,
  ],
  [
    "client window 15 asked by the server",
    { request_max_window_bits: 15 },
    {},
    "permessage-deflate; client_max_window_bits=15",
    0,
  ],
];

describe("interop: Autobahn|Python", () => {
  it.each(autobahnCases)("%s", playCase("autobahn_deflate.py"));
});
