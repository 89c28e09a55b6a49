import { WebSocketPayloadException } from "@wsclient/errors";
import { describe, expect, it } from "vitest";
import { permessageDeflate } from "../src/index.js";
import { zeroBomb } from "./bomb.js";

const MiB = 1024 * 1024;
/** zlib's output chunk: the most produced past the limit before zlib is stopped. */
const CHUNK = 16 * 1024;

describe("inflating a bomb stops at maxPayload (1009)", () => {
  it.each([
    [512, 1 * MiB],
    [512, 16 * MiB],
    [4096, 16 * MiB],
    [4096, 100 * MiB],
  ])(
    "%i MiB of zeros with maxPayload %i fails with 1009 after producing at most maxPayload + one chunk",
    async (mib, maxPayload) => {
      const bomb = await zeroBomb(mib);
      // The payload is about 1/1000 of what it inflates to.
      expect(bomb.length).toBeLessThan(mib * 1100);
      const session = permessageDeflate().accept({});
      const error = await session.decode(bomb, { opcode: 2, maxPayload }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(WebSocketPayloadException);
      expect(error).toMatchObject({ closeCode: 1009 });
      expect((error as Error).message).toMatch(`more than ${maxPayload} bytes (maxPayload)`);
      // Bytes zlib produced (and the session held) for the message, not its 512 MiB / 4 GiB.
      expect(session.lastInflatedBytes).toBeGreaterThan(maxPayload);
      expect(session.lastInflatedBytes).toBeLessThanOrEqual(maxPayload + CHUNK);
      session.close();
    },
  );

  it("the same bomb inflates in full under a large enough maxPayload (it is a real stream)", async () => {
    const session = permessageDeflate().accept({});
    const out = await session.decode(await zeroBomb(8), { opcode: 2, maxPayload: 8 * MiB });
    expect(out.length).toBe(8 * MiB);
    expect(out.every((b) => b === 0)).toBe(true);
    session.close();
  });
});
