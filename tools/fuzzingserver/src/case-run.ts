import type { Behavior, CaseEvent, CaseSpec, CloseBehavior, ExpectedClose } from "./case-types";
import type { FuzzConnection } from "./connection";
import { sameEvents } from "./events";

/**
 * One play of a case against one client: the expectations the case sets, the
 * events seen, and the verdicts. Grading follows Autobahn's `Case`: the
 * events must equal one expected list exactly (its key is the verdict), and
 * the close is judged on who closed, cleanliness and the client's close code.
 */
export class CaseRun {
  readonly expected = new Map<Behavior, CaseEvent[]>();
  expectedClose: ExpectedClose = { closedByMe: true, closeCode: [1000], requireClean: true };
  readonly received: CaseEvent[] = [];
  behavior: Behavior = "FAILED";
  behaviorClose: CloseBehavior = "FAILED";
  result = "Actual events differ from any expected.";
  resultClose = "TCP connection was dropped without close handshake";
  readonly started = Date.now();
  duration = 0;
  /** Free-form state a case keeps between its steps. */
  readonly state: Record<string, unknown> = {};

  constructor(
    readonly spec: CaseSpec,
    readonly p: FuzzConnection,
  ) {}

  /** Record an event and start the closing handshake once all expectations are met. */
  record(event: CaseEvent): void {
    this.received.push(event);
    this.finishWhenDone();
  }

  finishWhenDone(): void {
    for (const events of this.expected.values()) {
      if (!sameEvents(this.received, events)) return;
    }
    if (this.expectedClose.closedByMe && !this.spec.suppressClose) {
      this.p.sendClose(this.expectedClose.closeCode[0]);
    }
  }

  /** The verdicts, once the TCP connection is gone. */
  grade(): void {
    this.duration = Date.now() - this.started;
    for (const [behavior, events] of this.expected) {
      if (sameEvents(this.received, events)) {
        this.behavior = behavior;
        this.result = "Actual events match at least one expected.";
        break;
      }
    }
    const p = this.p;
    const want = this.expectedClose;
    if (want.closedByMe !== p.closedByMe) {
      this.behaviorClose = "FAILED";
      this.resultClose = "The connection was failed by the wrong endpoint";
    } else if (want.requireClean && !p.wasClean) {
      this.behaviorClose = "UNCLEAN";
      this.resultClose = "The spec requires the connection to be failed cleanly here";
    } else if (p.remoteCloseCode !== null && !want.closeCode.includes(p.remoteCloseCode)) {
      this.behaviorClose = "WRONG CODE";
      this.resultClose = `The close code should have been ${want.closeCode.join(",")} or empty`;
    } else {
      this.behaviorClose = "OK";
      this.resultClose = "Connection was properly closed";
    }
    // For UTF-8 cases, closing by the wrong endpoint means the client did not
    // detect the invalid text at all.
    if (want.closedByWrongEndpointIsFatal && want.closedByMe !== p.closedByMe) {
      this.behavior = "FAILED";
    }
    this.spec.afterGrade?.(this);
  }
}
