/**
 * URL parsing, proxy choice, TCP/TLS/Unix sockets, HTTP CONNECT and SOCKS tunnels for wsclient.
 *
 * @packageDocumentation
 */
export {};
