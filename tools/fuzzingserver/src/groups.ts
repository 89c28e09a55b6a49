import { case6Groups } from "./cases/case-6";
import { compressionGroups } from "./cases/case-12";

/** Titles of the case groups and sub-groups, as the report headings show them. */
export const GROUP_TITLES: Record<string, string> = {
  "1": "Framing",
  "1.1": "Text Messages",
  "1.2": "Binary Messages",
  "2": "Pings/Pongs",
  "3": "Reserved Bits",
  "4": "Opcodes",
  "4.1": "Non-control Opcodes",
  "4.2": "Control Opcodes",
  "5": "Fragmentation",
  "6": "UTF-8 Handling",
  "6.1": "Valid UTF-8 with zero payload fragments",
  "6.2": "Valid UTF-8 unfragmented, fragmented on code-points and within code-points",
  "6.3": "Invalid UTF-8 differently fragmented",
  "6.4": "Fail-fast on invalid UTF-8",
  ...case6Groups,
  "7": "Close Handling",
  "7.1": "Basic close behavior (fuzzer initiated)",
  "7.3": "Close frame structure: payload length (fuzzer initiated)",
  "7.5": "Close frame structure: payload value (fuzzer initiated)",
  "7.7": "Close frame structure: valid close codes (fuzzer initiated)",
  "7.9": "Close frame structure: invalid close codes (fuzzer initiated)",
  "7.13": "Informational close information (fuzzer initiated)",
  "9": "Limits/Performance",
  "9.1": "Text Message (increasing size)",
  "9.2": "Binary Message (increasing size)",
  "9.3": "Fragmented Text Message (fixed size, increasing fragment size)",
  "9.4": "Fragmented Binary Message (fixed size, increasing fragment size)",
  "9.5": "Text Message (fixed size, increasing chop size)",
  "9.6": "Binary Message (fixed size, increasing chop size)",
  "9.7": "Text Message Roundtrip Time (fixed number, increasing size)",
  "9.8": "Binary Message Roundtrip Time (fixed number, increasing size)",
  "10": "Miscellaneous",
  "10.1": "Auto-Fragmentation",
  "12": "WebSocket Compression (different payloads)",
  "13": "WebSocket Compression (different parameters)",
  ...compressionGroups,
};

/** The group and sub-group keys of a case id: "6.4.1" → ["6", "6.4"]; "2.1" → ["2"]. */
export function groupKeys(id: string): string[] {
  const parts = id.split(".");
  return parts.length > 2 ? [parts[0]!, `${parts[0]}.${parts[1]}`] : [parts[0]!];
}
