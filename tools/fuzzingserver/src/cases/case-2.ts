import type { CaseRun } from "../case-run";
import type { CaseSpec } from "../case-types";
import { CLOSE_NORMAL, CLOSE_PROTOCOL_ERROR } from "../close-codes";
import { bytes, expectEcho, expectFailure, numbered, pong, utf8 } from "./helpers";

// Group 2: ping/pong. "Upon receipt of a Ping frame, an endpoint MUST send a
// Pong frame in response [...] A Pong frame sent in response to a Ping frame
// must have identical "Application data"" (RFC 6455 §5.5.2, §5.5.3).

function pingCase(description: string, payload: Buffer, chopsize?: number): Omit<CaseSpec, "id"> {
  return {
    description,
    expectation:
      "Pong (with payload identical to the one sent) is received, then clean close with normal code.",
    onOpen(run) {
      expectEcho(run, [pong(payload)]);
      run.p.sendFrame({ opcode: 9, payload, ...(chopsize ? { chopsize } : {}) });
      run.p.closeAfter(chopsize ? 2 : 1);
    },
  };
}

function unsolicitedPong(run: CaseRun, payload: Buffer): void {
  expectEcho(run, []);
  run.p.sendFrame({ opcode: 10, payload });
  run.p.sendClose(CLOSE_NORMAL);
  run.p.closeAfter(1);
}

function tenPings(description: string, chopsize?: number): Omit<CaseSpec, "id"> {
  return {
    description,
    expectation:
      "Pongs for our Pings with all the payloads. Note: This is not required by the Spec .. but we check for this behaviour anyway. Clean close with normal code.",
    onOpen(run) {
      const pongs = [];
      for (let i = 0; i < 10; i++) {
        const payload = utf8(`payload-${i}`);
        pongs.push(pong(payload));
        run.p.sendFrame({ opcode: 9, payload, ...(chopsize ? { chopsize } : {}) });
      }
      expectEcho(run, pongs);
      run.p.closeAfter(3);
    },
  };
}

export const case2: CaseSpec[] = numbered("2", [
  pingCase("Send ping without payload.", Buffer.alloc(0)),
  pingCase("Send ping with small text payload.", utf8("Hello, world!")),
  pingCase(
    "Send ping with small binary (non UTF-8) payload.",
    bytes("\x00\xff\xfe\xfd\xfc\xfb\x00\xff"),
  ),
  pingCase("Send ping with binary payload of 125 octets.", Buffer.alloc(125, 0xfe)),
  {
    description: "Send ping with binary payload of 126 octets.",
    expectation:
      "Connection is failed immediately (1002/Protocol Error), since control frames are only allowed to have payload up to and including 125 octets.",
    onOpen(run) {
      expectFailure(run, CLOSE_PROTOCOL_ERROR);
      run.p.sendFrame({ opcode: 9, payload: Buffer.alloc(126, 0xfe) });
      run.p.killAfter(1);
    },
  },
  pingCase(
    "Send ping with binary payload of 125 octets, send in octet-wise chops.",
    Buffer.alloc(125, 0xfe),
    1,
  ),
  {
    description:
      "Send unsolicited pong without payload. Verify nothing is received. Clean close with normal code.",
    expectation: "Nothing.",
    onOpen: (run) => unsolicitedPong(run, Buffer.alloc(0)),
  },
  {
    description:
      "Send unsolicited pong with payload. Verify nothing is received. Clean close with normal code.",
    expectation: "Nothing.",
    onOpen: (run) => unsolicitedPong(run, utf8("unsolicited pong payload")),
  },
  {
    description:
      "Send unsolicited pong with payload. Send ping with payload. Verify pong for ping is received.",
    expectation:
      "Nothing in reply to own Pong, but Pong with payload echo'ed in reply to Ping. Clean close with normal code.",
    onOpen(run) {
      expectEcho(run, [pong("ping payload")]);
      run.p.sendFrame({ opcode: 10, payload: utf8("unsolicited pong payload") });
      run.p.sendFrame({ opcode: 9, payload: utf8("ping payload") });
      run.p.closeAfter(1);
    },
  },
  tenPings("Send 10 Pings with payload."),
  tenPings("Send 10 Pings with payload. Send out octets in octet-wise chops.", 1),
]);
