import { describe, expect, it } from "vitest";
import { type DeflateSession, permessageDeflate } from "../src/index.js";

const hello = new TextEncoder().encode("Hello");
const bytes = (...b: number[]) => new Uint8Array(b);
const arr = (b: Uint8Array) => [...b];
const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** A session as if the server answered `answer` to the default offer. */
function session(
  answer: Record<string, string | true> = {},
  threshold = 0,
  offer = {},
): DeflateSession {
  return permessageDeflate({ threshold, ...offer }).accept(answer);
}
const decode = (s: DeflateSession, payload: Uint8Array) =>
  s.decode(payload, { opcode: 1, maxPayload: 0 });

describe("RFC 7692 §7.2.3 examples, byte for byte", () => {
  it('§7.2.3.1: "Hello" in one compressed DEFLATE block is f2 48 cd c9 c9 07 00', async () => {
    // "By stripping 0x00 0x00 0xff 0xff from the tail end, the endpoint gets
    // the data to use for the message payload: 0xf2 0x48 0xcd 0xc9 0xc9 0x07 0x00"
    const s = session();
    const out = await s.encode(hello, { opcode: 1 });
    expect(out.rsv1).toBe(true);
    expect(arr(out.data)).toEqual([0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00]);
    expect(text(await decode(session(), bytes(0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00)))).toBe(
      "Hello",
    );
    s.close();
  });

  it("§7.2.3.1: the same payload sent as fragments of 3 and 4 octets decodes the same", async () => {
    // "the first frame is: 0x41 0x03 0xf2 0x48 0xcd ... and the second frame
    // is: 0x80 0x04 0xc9 0xc9 0x07 0x00": core joins the fragments and hands
    // the whole message to decode().
    const first = bytes(0x41, 0x03, 0xf2, 0x48, 0xcd).subarray(2);
    const second = bytes(0x80, 0x04, 0xc9, 0xc9, 0x07, 0x00).subarray(2);
    const joined = new Uint8Array([...first, ...second]);
    expect(text(await decode(session(), joined))).toBe("Hello");
  });

  it("§7.2.3.2: with context takeover the second Hello is f2 00 11 00 00", async () => {
    // "the client can compress the payload of the next message into fewer
    // bytes by referencing the history in the LZ77 sliding window. So, the
    // payload of the second message will be: 0xf2 0x00 0x11 0x00 0x00"
    const s = session();
    await s.encode(hello, { opcode: 1 });
    expect(arr((await s.encode(hello, { opcode: 1 })).data)).toEqual([
      0xf2, 0x00, 0x11, 0x00, 0x00,
    ]);
    const r = session();
    expect(text(await decode(r, bytes(0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00)))).toBe("Hello");
    expect(text(await decode(r, bytes(0xf2, 0x00, 0x11, 0x00, 0x00)))).toBe("Hello");
    s.close();
    r.close();
  });

  it("§7.2.3.2: with client_no_context_takeover the second Hello is the same 7 bytes", async () => {
    // "If the "agreed parameters" contain the "client_no_context_takeover"
    // extension parameter, the client compresses the payload of the next
    // message into the same bytes"
    const s = session({ client_no_context_takeover: true });
    const first = await s.encode(hello, { opcode: 1 });
    const second = await s.encode(hello, { opcode: 1 });
    expect(arr(first.data)).toEqual([0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00]);
    expect(arr(second.data)).toEqual(arr(first.data));
    // Offering client_no_context_takeover is a promise kept even if the server does not echo it.
    const p = session({}, 0, { clientNoContextTakeover: true });
    await p.encode(hello, { opcode: 1 });
    expect(arr((await p.encode(hello, { opcode: 1 })).data)).toEqual(arr(first.data));
  });

  it("§7.2.3.2: with server_no_context_takeover each received message decodes on its own", async () => {
    const r = session({ server_no_context_takeover: true });
    const once = bytes(0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00);
    expect(text(await decode(r, once))).toBe("Hello");
    expect(text(await decode(r, once))).toBe("Hello");
    // The back-reference form needs the previous message's window, which was reset.
    await expect(decode(r, bytes(0xf2, 0x00, 0x11, 0x00, 0x00))).rejects.toMatchObject({
      closeCode: 1007,
    });
  });

  it('§7.2.3.3: a DEFLATE block with no compression: 00 05 00 fa ff "Hello" 00', async () => {
    const payload = bytes(0x00, 0x05, 0x00, 0xfa, 0xff, 0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x00);
    expect(text(await decode(session(), payload))).toBe("Hello");
    // Our level 0 produces exactly that block.
    const s = permessageDeflate({ threshold: 0, level: 0 }).accept({});
    expect(arr((await s.encode(hello, { opcode: 1 })).data)).toEqual(arr(payload));
  });

  it('§7.2.3.4: a block with BFINAL set, f3 48 cd c9 c9 07 00 00, decodes to "Hello"', async () => {
    const r = session();
    const payload = bytes(0xf3, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00, 0x00);
    expect(text(await decode(r, payload))).toBe("Hello");
    // BFINAL ended that DEFLATE stream: the next message starts a new one.
    expect(text(await decode(r, payload))).toBe("Hello");
    expect(text(await decode(r, bytes(0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00)))).toBe("Hello");
  });

  it("§7.2.3.5: two DEFLATE blocks in one message decode to Hello", async () => {
    const payload = bytes(
      0xf2,
      0x48,
      0x05,
      0x00,
      0x00,
      0x00,
      0xff,
      0xff,
      0xca,
      0xc9,
      0xc9,
      0x07,
      0x00,
    );
    expect(text(await decode(session(), payload))).toBe("Hello");
  });

  it("§7.2.3.6: an empty message is the single octet 00, both ways", async () => {
    const s = session();
    const empty = await s.encode(new Uint8Array(0), { opcode: 2 });
    expect(empty.rsv1).toBe(true);
    expect(arr(empty.data)).toEqual([0x00]);
    // The empty block leaves the window as it was: context takeover still works.
    await s.encode(hello, { opcode: 1 });
    await s.encode(new Uint8Array(0), { opcode: 1 });
    expect(arr((await s.encode(hello, { opcode: 1 })).data)).toEqual([
      0xf2, 0x00, 0x11, 0x00, 0x00,
    ]);
    const r = session();
    expect((await decode(r, bytes(0x00))).length).toBe(0);
    expect(text(await decode(r, bytes(0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00)))).toBe("Hello");
    expect((await decode(r, bytes(0x00))).length).toBe(0);
    expect(text(await decode(r, bytes(0xf2, 0x00, 0x11, 0x00, 0x00)))).toBe("Hello");
  });
});
