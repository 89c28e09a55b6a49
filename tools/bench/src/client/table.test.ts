import { describe, expect, it } from "vitest";
import { CLIENT_ROWS } from "./rows.js";
import { formatClientTable, median } from "./table.js";

const row = (id: string) => CLIENT_ROWS.find((r) => r.id === id)!;

describe("client table", () => {
  it("takes the median of the rounds (middle two averaged for an even count)", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("shows ratios as times better for wsclient: rate / peer, and peer / wsclient for µs", () => {
    const values = new Map([
      [
        "wsclient",
        new Map([
          ["recv-65536", [200, 100, 300]],
          ["echo-1024", [50]],
        ]),
      ],
      [
        "ws",
        new Map([
          ["recv-65536", [100]],
          ["echo-1024", [100]],
        ]),
      ],
      [
        "ws-bufferutil",
        new Map([
          ["recv-65536", [50]],
          ["echo-1024", [80]],
        ]),
      ],
      ["raw-onread", new Map([["recv-65536", [400]]])],
    ]);
    const table = formatClientTable(
      [row("recv-65536"), row("echo-1024")],
      values,
      new Set(values.keys()),
    ).split("\n");
    expect(table[0]).toContain("| wsclient | ws | ws+bufferutil | raw onread | Buffer#toString |");
    expect(table[0]).not.toContain("Python");
    // recv: best peer 100 → 2×, ws 2×, raw onread ceiling 400 → 0.5×.
    expect(table[2]).toBe(
      "| recv 64 KiB | MiB/s | 200 | 100 | 50.0 | 400 | – | 2.00× | 2.00× | 0.50× ⚠ |",
    );
    // echo (lower is better): best peer 80 µs / 50 µs = 1.6×; ws 100 / 50 = 2×; no ceiling.
    expect(table[3]).toBe(
      "| echo 1 KiB p50 (lower is better) | µs | 50.0 | 100 | 80.0 | – | – | 1.60× | 2.00× | – |",
    );
  });
});
