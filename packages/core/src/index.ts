/**
 * The pull-style WebSocket client: WebSocket, createConnection (Python websocket-client's API in TypeScript).
 *
 * @packageDocumentation
 */
export {};
