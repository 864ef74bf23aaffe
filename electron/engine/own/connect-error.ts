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
  ECONNRESET: 'the server reset the connection',
};

export function connectError(e: NodeJS.ErrnoException): string {
  const code = e.code ?? '';
  return `cannot connect: ${MEANINGS[code] ?? e.message}${code ? ` (${code})` : ''}`;
}
