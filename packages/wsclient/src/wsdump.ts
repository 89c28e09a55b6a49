// The `wsdump` executable shipped by the facade (tsup adds the shebang).
import { runProcess } from "@wsclient/cli";

await runProcess();
