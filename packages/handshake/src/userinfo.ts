import { WebSocketException } from "@wsclient/errors";
import type { RequestTarget } from "./build-request.js";

/**
 * The percent-decoded `user:password` of a URL, for
 * {@link RequestTarget.userinfo}; `undefined` when the URL has none.
 *
 * @throws WebSocketException when the URL cannot be parsed or its userinfo is
 *   not valid percent-encoding.
 */
export function userinfoFromUrl(url: string): RequestTarget["userinfo"] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new WebSocketException(`Invalid URL ${JSON.stringify(url)}`, { cause });
  }
  if (parsed.username === "" && parsed.password === "") return undefined;
  try {
    return {
      user: decodeURIComponent(parsed.username),
      password: decodeURIComponent(parsed.password),
    };
  } catch (cause) {
    throw new WebSocketException("Invalid percent-encoding in the URL's userinfo", { cause });
  }
}
