import { BlockList, isIP } from "node:net";

/** Where {@link isNoProxyHost} looks besides its `noProxy` argument. */
export interface NoProxyContext {
  /** The target port; entries written `host:port` match only this port. */
  port?: number;
  /** The environment to read `no_proxy`/`NO_PROXY` from (default `process.env`). */
  env?: NodeJS.ProcessEnv;
}

interface Entry {
  kind: "any" | "domain" | "ip";
  domain?: string;
  ip?: BlockList;
  family?: number;
  port?: number;
}

function splitPort(raw: string): [host: string, port: number | undefined] {
  const portOf = (text: string): number | undefined =>
    /^[0-9]{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (raw.startsWith("[")) {
    const close = raw.indexOf("]");
    if (close === -1) return [raw, undefined];
    const after = raw.slice(close + 1);
    return [
      raw.slice(1, close) + (after.startsWith("/") ? after : ""),
      after.startsWith(":") ? portOf(after.slice(1)) : undefined,
    ];
  }
  const first = raw.indexOf(":");
  // More than one colon: an IPv6 address (with or without /prefix), never a port.
  if (first === -1 || raw.indexOf(":", first + 1) !== -1) return [raw, undefined];
  return [raw.slice(0, first), portOf(raw.slice(first + 1))];
}

function parseEntry(raw: string): Entry | null {
  const text = raw.trim().toLowerCase();
  if (text === "") return null;
  if (text === "*") return { kind: "any" };
  const [hostPart, port] = splitPort(text);
  if (Number.isNaN(port)) return null; // "host:abc" never matches
  const slash = hostPart.indexOf("/");
  const addr = slash === -1 ? hostPart : hostPart.slice(0, slash);
  const family = isIP(addr);
  if (family !== 0) {
    const bits = family === 4 ? 32 : 128;
    const prefix = slash === -1 ? bits : Number(hostPart.slice(slash + 1));
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits) return null;
    const list = new BlockList();
    // Unlike Python's strict ip_network, host bits are allowed: 10.1.2.3/8 means 10.0.0.0/8.
    list.addSubnet(addr, prefix, family === 4 ? "ipv4" : "ipv6");
    return { kind: "ip", ip: list, family, ...(port === undefined ? {} : { port }) };
  }
  let domain = hostPart;
  if (domain.startsWith("*.")) domain = domain.slice(2);
  while (domain.startsWith(".")) domain = domain.slice(1);
  if (domain.endsWith(".")) domain = domain.slice(0, -1);
  if (domain === "") return null;
  return { kind: "domain", domain, ...(port === undefined ? {} : { port }) };
}

/** The `no_proxy` list in force: the explicit one if non-empty, else the environment's. */
export function noProxyList(
  noProxy: readonly string[] | string | null | undefined,
  env: NodeJS.ProcessEnv,
): string[] {
  const explicit = typeof noProxy === "string" ? noProxy.split(",") : (noProxy ?? []);
  const cleaned = (Array.isArray(explicit) ? explicit : [])
    .filter((e): e is string => typeof e === "string")
    .map((e) => e.trim())
    .filter((e) => e !== "");
  if (cleaned.length > 0) return cleaned;
  // Lowercase wins, even when empty (as curl, Python and Go do).
  const fromEnv = String(env.no_proxy ?? env.NO_PROXY ?? "");
  return fromEnv
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e !== "");
}

/**
 * True when `hostname` must be reached directly, bypassing any proxy.
 *
 * `noProxy` is a list (or a comma-separated string) of entries; when it is
 * empty or missing, the `no_proxy` (else `NO_PROXY`) environment variable is
 * used. An entry matches when it is:
 * - `*` — every host;
 * - a domain — the host itself or any subdomain, on a label boundary and
 *   case-insensitively: `example.com`, `.example.com` and `*.example.com` all
 *   match `example.com` and `a.b.Example.com`, never `badexample.com`;
 * - an IPv4/IPv6 address or CIDR block (`10.0.0.0/8`, `::1`, `[fe80::]/10`) —
 *   hosts that are IP literals inside it;
 * - any of the above with `:port` (`example.com:8080`, `[::1]:443`) — only
 *   when `context.port` is that port.
 *
 * @param hostname Host name or IP literal (IPv6 with or without brackets).
 * @param noProxy Explicit entries; wins over the environment when non-empty.
 * @param context The target port and the environment to read.
 */
export function isNoProxyHost(
  hostname: string,
  noProxy?: readonly string[] | string | null,
  context: NoProxyContext = {},
): boolean {
  let host = String(hostname).trim().toLowerCase();
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  if (host.endsWith(".")) host = host.slice(0, -1);
  const family = isIP(host);
  for (const raw of noProxyList(noProxy, context.env ?? process.env)) {
    const entry = parseEntry(raw);
    if (entry === null) continue;
    if (entry.port !== undefined && entry.port !== context.port) continue;
    if (entry.kind === "any") return true;
    if (entry.kind === "ip") {
      if (family === entry.family && entry.ip?.check(host, family === 4 ? "ipv4" : "ipv6"))
        return true;
      continue;
    }
    const domain = entry.domain ?? "";
    if (host === domain) return true;
    if (family === 0 && host.endsWith(`.${domain}`)) return true;
  }
  return false;
}
