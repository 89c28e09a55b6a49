import pkg from "../package.json" with { type: "json" };

/** This package's version (Python: `websocket.__version__`). */
export const __version__: string = pkg.version;
