/**
 * A WebSocket client for Node.js with Python websocket-client's API: WebSocket, WebSocketApp, createConnection, ABNF and the wsdump command.
 *
 * @packageDocumentation
 */
export {};
