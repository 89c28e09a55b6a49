import type { CaseSpec } from "../case-types";
import { CLOSE_PROTOCOL_ERROR } from "../close-codes";
import type { SendFrameOptions } from "../connection";
import { bytes, expectFailure, message, numbered, utf8 } from "./helpers";

// Group 3: reserved bits. "RSV1, RSV2, RSV3: 1 bit each. MUST be 0 unless an
// extension is negotiated that defines meanings for non-zero values. If a
// nonzero value is received and none of the negotiated extensions defines the
// meaning of such a nonzero value, the receiving endpoint MUST _Fail the
// WebSocket Connection_." (RFC 6455 §5.2)

const HELLO = utf8("Hello, world!");
const FAIL =
  "The connection is failed immediately, since RSV must be 0, when no extension defining RSV meaning has been negotiated.";
const FAIL_AFTER_ECHO =
  "Echo for first message is received, but then connection is failed immediately, since RSV must be 0, when no extension defining RSV meaning has been negotiated. The Pong is not received.";

function afterEcho(
  rsv: number,
  how: Partial<SendFrameOptions>,
  note: string,
): Omit<CaseSpec, "id"> {
  return {
    description: `Send small text message, then send again with RSV = ${rsv}, then send Ping.${note}`,
    expectation: FAIL_AFTER_ECHO,
    onOpen(run) {
      expectFailure(run, CLOSE_PROTOCOL_ERROR, [message(HELLO)], []);
      run.p.sendFrame({ opcode: 1, payload: HELLO, ...how });
      run.p.sendFrame({ opcode: 1, payload: HELLO, rsv, ...how });
      run.p.sendFrame({ opcode: 9, ...how });
      run.p.killAfter(1);
    },
  };
}

function single(description: string, frame: SendFrameOptions): Omit<CaseSpec, "id"> {
  return {
    description,
    expectation: FAIL,
    onOpen(run) {
      expectFailure(run, CLOSE_PROTOCOL_ERROR);
      run.p.sendFrame(frame);
      run.p.killAfter(1);
    },
  };
}

export const case3: CaseSpec[] = numbered("3", [
  single("Send small text message with RSV = 1.", { opcode: 1, payload: HELLO, rsv: 1 }),
  afterEcho(2, {}, ""),
  afterEcho(3, { sync: true }, " Octets are sent in frame-wise chops."),
  afterEcho(4, { chopsize: 1 }, " Octets are sent in octet-wise chops."),
  single("Send small binary message with RSV = 5.", {
    opcode: 2,
    payload: bytes("\x00\xff\xfe\xfd\xfc\xfb\x00\xff"),
    rsv: 5,
  }),
  single("Send Ping with RSV = 6.", { opcode: 9, payload: HELLO, rsv: 6 }),
  single("Send Close with RSV = 7.", { opcode: 8, rsv: 7 }),
]);
