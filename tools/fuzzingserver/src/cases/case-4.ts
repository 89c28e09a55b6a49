import type { CaseSpec } from "../case-types";
import { CLOSE_PROTOCOL_ERROR } from "../close-codes";
import { expectFailure, message, numbered, utf8 } from "./helpers";

// Group 4: opcodes. "If an unknown opcode is received, the receiving endpoint
// MUST _Fail the WebSocket Connection_." (RFC 6455 §5.2)

const HELLO = utf8("Hello, world!");
const PAYLOAD = utf8("reserved opcode payload");

function opcodes(kind: "non-control" | "control", base: number): Omit<CaseSpec, "id">[] {
  const alone = (opcode: number, withPayload: boolean): Omit<CaseSpec, "id"> => ({
    description: `Send frame with reserved ${kind} Opcode = ${opcode}${withPayload ? " and non-empty payload" : ""}.`,
    expectation: "The connection is failed immediately.",
    onOpen(run) {
      expectFailure(run, CLOSE_PROTOCOL_ERROR);
      run.p.sendFrame({ opcode, ...(withPayload ? { payload: PAYLOAD } : {}) });
      run.p.killAfter(1);
    },
  });
  const between = (opcode: number, withPayload: boolean): Omit<CaseSpec, "id"> => ({
    description: `Send small text message, then send frame with reserved ${kind} Opcode = ${opcode}${
      withPayload ? " and non-empty payload" : ""
    }, then send Ping.`,
    expectation:
      "Echo for first message is received, but then connection is failed immediately, since reserved opcode frame is used. A Pong is not received.",
    onOpen(run) {
      expectFailure(run, CLOSE_PROTOCOL_ERROR, [message(HELLO)], []);
      run.p.sendFrame({ opcode: 1, payload: HELLO });
      run.p.sendFrame({ opcode, ...(withPayload ? { payload: PAYLOAD } : {}) });
      run.p.sendFrame({ opcode: 9 });
      run.p.killAfter(1);
    },
  });
  return [
    alone(base, false),
    alone(base + 1, true),
    between(base + 2, false),
    between(base + 3, true),
    between(base + 4, true),
  ];
}

export const case4: CaseSpec[] = [
  ...numbered("4.1", opcodes("non-control", 3)),
  ...numbered("4.2", opcodes("control", 11)),
];
