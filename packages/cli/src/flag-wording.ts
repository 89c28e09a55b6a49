/**
 * Library option names in error messages, and the wsdump flag a user of the
 * command line should read instead (`--proxy`, not `httpProxyAuth`).
 */
const WORDING: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bcheck httpProxyAuth\b/g, "check the user:password of --proxy"],
  [/\bgive httpProxyAuth\b/g, "give user:password@ in --proxy"],
  [/\bhttpProxyAuth\b/g, "the user:password of --proxy"],
  [/\bhttpProxy(Host|Port)\b/g, "--proxy"],
  [/\bmaxPayload\b/g, "--max-size"],
];

/** `message` with every library option name replaced by the wsdump flag that sets it. */
export function inFlagTerms(message: string): string {
  let out = message;
  for (const [pattern, flag] of WORDING) out = out.replace(pattern, flag);
  return out;
}
