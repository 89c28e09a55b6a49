import type { CaseSpec } from "../case-types";
import { bytes, expectEcho, message } from "./helpers";

// Group 1: framing. Text (1.1) and binary (1.2) messages of payload lengths
// around the 7-bit / 16-bit / 64-bit length encodings of RFC 6455 §5.2.
const LENGTHS = [0, 125, 126, 127, 128, 65535, 65536, 65536];

function framing(binary: boolean): CaseSpec[] {
  return LENGTHS.map((length, i) => {
    const chopped = i === 7;
    const kind = binary ? "binary" : "text";
    return {
      id: `1.${binary ? 2 : 1}.${i + 1}`,
      description: `Send ${kind} message with payload of length ${length}.${
        chopped ? " Sent out data in chops of 997 octets." : ""
      }`,
      expectation: `Receive echo'ed ${kind} message (with payload as sent). Clean close with normal code.`,
      onOpen(run) {
        const payload = binary ? Buffer.alloc(length, 0xfe) : bytes("*".repeat(length));
        expectEcho(run, [message(payload, binary)]);
        run.p.sendFrame({ opcode: binary ? 2 : 1, payload, ...(chopped ? { chopsize: 997 } : {}) });
        run.p.killAfter(length > 1000 ? 10 : 1);
      },
    };
  });
}

export const case1: CaseSpec[] = [...framing(false), ...framing(true)];
