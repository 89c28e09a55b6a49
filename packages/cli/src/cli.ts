// The `wsdump` executable (tsup adds the `#!/usr/bin/env node` line).
import { runProcess } from "./run-process.js";

await runProcess();
