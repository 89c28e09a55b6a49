/**
 * wsdump: the interactive WebSocket client command line.
 *
 * @packageDocumentation
 */
export {};
