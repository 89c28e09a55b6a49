/** Where errors go that no callback can take. */
export interface AppLogger {
  error(...args: unknown[]): void;
}

/**
 * Calls user callbacks so that nothing they do can break the loop: a throw
 * or a rejected promise goes to `onError`; a throw in `onError` is logged
 * and goes nowhere else (no recursion). Promises a callback returns are
 * awaited, so a slow handler slows reading down instead of piling up work.
 */
export class CallbackRunner<App> {
  readonly #app: App;
  readonly #onError: ((app: App, error: unknown) => unknown) | undefined;
  readonly #logger: AppLogger;

  constructor(
    app: App,
    onError: ((app: App, error: unknown) => unknown) | undefined,
    logger: AppLogger,
  ) {
    this.#app = app;
    this.#onError = onError;
    this.#logger = logger;
  }

  /**
   * Calls `callback(app, ...args)` when it is set; resolves once it is done.
   * Never rejects.
   */
  async call<A extends unknown[]>(
    callback: ((app: App, ...args: A) => unknown) | undefined,
    ...args: A
  ): Promise<void> {
    if (callback === undefined) return;
    try {
      await callback(this.#app, ...args);
    } catch (error) {
      if (this.#onError === undefined) {
        this.#logger.error(`error from callback ${callback.name || "<anonymous>"}:`, error);
      } else {
        await this.error(error);
      }
    }
  }

  /** Hands `error` to `onError` (if set). Never rejects. */
  async error(error: unknown): Promise<void> {
    if (this.#onError === undefined) return;
    try {
      await this.#onError(this.#app, error);
    } catch (inner) {
      this.#logger.error("error from callback onError:", inner);
    }
  }
}
