import { createServer, type Socket } from 'node:net';

/** A TCP server on a free loopback port, for the fake database servers of the connection tests. */
export interface LoopbackServer {
  readonly port: number;
  /** Connections accepted so far. */
  readonly connections: () => number;
  /** Ends every open connection, then stops listening. */
  close(): Promise<void>;
}

/**
 * Listens on 127.0.0.1 and hands each accepted socket to `onSocket`, unless `silent` (accept and
 * never answer: a firewall that drops, a hung server). Socket errors are the client's doing
 * and are ignored; open sockets are tracked so `close` never waits on a client.
 */
export async function listenOnLoopback(onSocket: (socket: Socket) => void, silent: boolean): Promise<LoopbackServer> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    if (!silent) onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the fake server has no port');
  return {
    port: address.port,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
