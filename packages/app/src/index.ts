/**
 * WebSocketApp: callbacks, runForever, keepalive pings and reconnect with backoff.
 *
 * @packageDocumentation
 */
export {};
