import { describe, expect, it } from "vitest";
import { inFlagTerms } from "./flag-wording.js";

describe("error messages name wsdump's flags", () => {
  it("replaces library option names by the flag that sets them", () => {
    expect(
      inFlagTerms(
        "Proxy refused the tunnel: 407 Proxy Authentication Required (the proxy requires authentication: give httpProxyAuth)",
      ),
    ).toBe(
      "Proxy refused the tunnel: 407 Proxy Authentication Required (the proxy requires authentication: give user:password@ in --proxy)",
    );
    expect(inFlagTerms("(proxy authentication was refused: check httpProxyAuth)")).toBe(
      "(proxy authentication was refused: check the user:password of --proxy)",
    );
    expect(inFlagTerms("frame of 2000 bytes is over maxPayload 1000")).toBe(
      "frame of 2000 bytes is over --max-size 1000",
    );
    expect(inFlagTerms("nothing to change")).toBe("nothing to change");
  });
});
