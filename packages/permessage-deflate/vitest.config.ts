import { workspaceProject } from "../../vitest.shared.js";

// Interop tests move 16 MiB each way through Python peers and the bomb tests
// generate 4 GiB streams: on a loaded shared machine that outgrows 5 s.
export default workspaceProject("permessage-deflate", { testTimeout: 60_000 });
