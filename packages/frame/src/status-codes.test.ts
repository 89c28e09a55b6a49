import { describe, expect, it } from "vitest";
import * as frame from "./index.js";
import { isValidCloseCode } from "./status-codes.js";

describe("RFC 6455 §7.4 Status Codes", () => {
  it("exports every STATUS_* name Python has, with its value", () => {
    expect({
      STATUS_NORMAL: frame.STATUS_NORMAL,
      STATUS_GOING_AWAY: frame.STATUS_GOING_AWAY,
      STATUS_PROTOCOL_ERROR: frame.STATUS_PROTOCOL_ERROR,
      STATUS_UNSUPPORTED_DATA_TYPE: frame.STATUS_UNSUPPORTED_DATA_TYPE,
      STATUS_STATUS_NOT_AVAILABLE: frame.STATUS_STATUS_NOT_AVAILABLE,
      STATUS_ABNORMAL_CLOSED: frame.STATUS_ABNORMAL_CLOSED,
      STATUS_INVALID_PAYLOAD: frame.STATUS_INVALID_PAYLOAD,
      STATUS_POLICY_VIOLATION: frame.STATUS_POLICY_VIOLATION,
      STATUS_MESSAGE_TOO_BIG: frame.STATUS_MESSAGE_TOO_BIG,
      STATUS_INVALID_EXTENSION: frame.STATUS_INVALID_EXTENSION,
      STATUS_UNEXPECTED_CONDITION: frame.STATUS_UNEXPECTED_CONDITION,
      STATUS_SERVICE_RESTART: frame.STATUS_SERVICE_RESTART,
      STATUS_TRY_AGAIN_LATER: frame.STATUS_TRY_AGAIN_LATER,
      STATUS_BAD_GATEWAY: frame.STATUS_BAD_GATEWAY,
      STATUS_TLS_HANDSHAKE_ERROR: frame.STATUS_TLS_HANDSHAKE_ERROR,
    }).toEqual({
      STATUS_NORMAL: 1000,
      STATUS_GOING_AWAY: 1001,
      STATUS_PROTOCOL_ERROR: 1002,
      STATUS_UNSUPPORTED_DATA_TYPE: 1003,
      STATUS_STATUS_NOT_AVAILABLE: 1005,
      STATUS_ABNORMAL_CLOSED: 1006,
      STATUS_INVALID_PAYLOAD: 1007,
      STATUS_POLICY_VIOLATION: 1008,
      STATUS_MESSAGE_TOO_BIG: 1009,
      STATUS_INVALID_EXTENSION: 1010,
      STATUS_UNEXPECTED_CONDITION: 1011,
      STATUS_SERVICE_RESTART: 1012,
      STATUS_TRY_AGAIN_LATER: 1013,
      STATUS_BAD_GATEWAY: 1014,
      STATUS_TLS_HANDSHAKE_ERROR: 1015,
    });
  });

  describe("§7.4.1 Defined Status Codes and §7.4.2 Reserved Status Code Ranges", () => {
    it.each([1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014])(
      "%i is valid on the wire",
      (code) => expect(isValidCloseCode(code)).toBe(true),
    );
    it.each([1004, 1005, 1006, 1015])("%i is reserved or never sent", (code) =>
      expect(isValidCloseCode(code)).toBe(false),
    );
    it.each([0, 1, 999, 1016, 1100, 2000, 2999])("%i (0-999, 1016-2999) is invalid", (code) =>
      expect(isValidCloseCode(code)).toBe(false),
    );
    it.each([3000, 3500, 4000, 4999])("%i (3000-4999, registered or private) is valid", (code) =>
      expect(isValidCloseCode(code)).toBe(true),
    );
    it.each([5000, 65535, 65536, -1, 1000.5, Number.NaN])("%d is invalid", (code) =>
      expect(isValidCloseCode(code)).toBe(false),
    );
  });
});
