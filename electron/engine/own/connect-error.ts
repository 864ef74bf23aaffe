// Connecting to your own server: how long to wait, and what a failed connect means in words.

/** How long a connect and the protocol's first answer (CONNACK, the upgrade) may take. */
export const CONNECT_TIMEOUT_MS = 5000;

const MEANINGS: Record<string, string> = {
  ECONNREFUSED: 'connection refused: nothing listens there',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'the host name cannot be resolved now',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
};

/**
 * `closed`: what it means that the server ended the connection before its first answer. A reset is
 * that too: a server that closes with our request unread in its buffer sends a RST, not a FIN, so
 * which one arrives depends only on whether the request got there first.
 */
export function connectError(e: NodeJS.ErrnoException, closed: string): string {
  const code = e.code ?? '';
  if (code === 'ECONNRESET') return closed;
  return `cannot connect: ${MEANINGS[code] ?? e.message}${code ? ` (${code})` : ''}`;
}
