/**
 * What the server does on a connection, chosen by the request path:
 *
 * | path | behaviour |
 * |---|---|
 * | `/` (any other path) | echo every message back with its type (text stays text, binary stays binary) |
 * | `/push?n=N&size=S&interval=MS&binary=1&close=CODE` | send N messages of S bytes, MS apart, then close with CODE if given |
 * | `/flood?bytes=B&size=S` | send B bytes in S-byte binary messages as fast as the socket drains, then close 1000 |
 * | `/close?code=C&reason=R` | close at once with C and R |
 * | `/headers` | send the request headers as one JSON text message, then echo |
 * | `/ping?data=D` | send a ping with D at once, then echo |
 * | `/silent` | accept, then never send anything (no pongs either when `autoPong` is off) |
 */
export type Mode = "echo" | "push" | "flood" | "close" | "headers" | "ping" | "silent";

/** The mode for a request path (`/push?n=3` → `"push"`). */
export function modeOf(path: string): Mode {
  const name = path.split("?")[0]?.replace(/^\/+/, "").split("/")[0] ?? "";
  switch (name) {
    case "push":
    case "flood":
    case "close":
    case "headers":
    case "ping":
    case "silent":
      return name;
    default:
      return "echo";
  }
}

/** A numeric query parameter, or `fallback` when absent or not a finite number ≥ 0. */
export function numberParam(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  if (raw === null || raw === "") return fallback;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}
