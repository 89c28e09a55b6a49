import type { CaseSpec } from "../case-types";
import { bytes, expectEcho, message } from "./helpers";

// Group 10: auto-fragmentation. The server splits a 64 KiB text message into
// frames of 1300 octets; the client must reassemble and echo it.

const AUTO_FRAGMENT_SIZE = 1300;
const PAYLOAD = bytes("*".repeat(65536));

export const case10: CaseSpec[] = [
  {
    id: "10.1.1",
    description: `Send text message with payload of length 65536 auto-fragmented with <b>autoFragmentSize = ${AUTO_FRAGMENT_SIZE}</b>.`,
    expectation:
      "Receive echo'ed text message (with payload as sent and transmitted frame counts as expected). Clean close with normal code.",
    onOpen(run) {
      run.p.autoFragmentSize = AUTO_FRAGMENT_SIZE;
      expectEcho(run, [message(PAYLOAD)]);
      run.p.sendMessage(PAYLOAD);
      run.p.autoFragmentSize = 0;
      run.p.killAfter(10);
    },
    afterGrade(run) {
      const continuations = Math.floor(PAYLOAD.length / AUTO_FRAGMENT_SIZE);
      const got = [run.p.txFrameStats[0] ?? 0, run.p.txFrameStats[1] ?? 0];
      if (got[0] !== continuations || got[1] !== 1) {
        run.behavior = "FAILED";
        run.result = `Frames transmitted ${JSON.stringify(got)} does not match what we expected ${JSON.stringify([continuations, 1])}.`;
      }
    },
  },
];
