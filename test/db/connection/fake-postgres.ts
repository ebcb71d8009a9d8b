import { listenOnLoopback } from './fake-server.js';

/**
 * A TCP server that speaks just enough of the PostgreSQL protocol to test how the client
 * fails: it refuses TLS, asks for a cleartext password, records it, and answers with the
 * error the test chooses (which may quote the password back, as a careless server might).
 */
export interface FakePostgres {
  readonly port: number;
  /** Passwords the clients sent, in order. */
  readonly passwordsReceived: string[];
  /** Connections accepted, TLS probes included. */
  readonly connections: number;
  close(): Promise<void>;
}

export interface FakeBehaviour {
  /** 'silent': accept and never answer (a firewall that drops, a hung server). */
  readonly mode: 'reject-password' | 'silent';
  /** SQLSTATE and message of the error sent after the password. */
  readonly error?: (password: string) => { code: string; message: string };
}

export async function startFakePostgres(behaviour: FakeBehaviour): Promise<FakePostgres> {
  const passwordsReceived: string[] = [];
  const server = await listenOnLoopback((socket) => {
    let buffer = Buffer.alloc(0);
    let started = false;
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (!started) {
          if (buffer.length < 8) return;
          const length = buffer.readInt32BE(0);
          if (buffer.length < length) return;
          const code = buffer.readInt32BE(4);
          buffer = buffer.subarray(length);
          if (code === 80877103) {
            socket.write('N'); // no TLS here
            continue;
          }
          started = true;
          socket.write(message('R', int32(3))); // AuthenticationCleartextPassword
          continue;
        }
        if (buffer.length < 5) return;
        const length = buffer.readInt32BE(1);
        if (buffer.length < length + 1) return;
        const type = String.fromCharCode(buffer[0] ?? 0);
        const body = buffer.subarray(5, length + 1);
        buffer = buffer.subarray(length + 1);
        if (type === 'p') {
          const password = body.toString('utf8').replace(/\0$/, '');
          passwordsReceived.push(password);
          const error = behaviour.error?.(password) ?? { code: '28P01', message: 'password authentication failed' };
          socket.end(errorResponse(error.code, error.message));
          return;
        }
      }
    });
  }, behaviour.mode === 'silent');
  return {
    port: server.port,
    passwordsReceived,
    get connections() {
      return server.connections();
    },
    close: server.close,
  };
}

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
}

function message(type: string, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(type), int32(body.length + 4), body]);
}

function errorResponse(code: string, text: string): Buffer {
  const field = (key: string, value: string): Buffer => Buffer.concat([Buffer.from(key), Buffer.from(value, 'utf8'), Buffer.from([0])]);
  return message('E', Buffer.concat([field('S', 'FATAL'), field('V', 'FATAL'), field('C', code), field('M', text), Buffer.from([0])]));
}
