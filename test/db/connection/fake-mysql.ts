import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { createSecureContext, TLSSocket } from 'node:tls';
import { listenOnLoopback } from './fake-server.js';

/**
 * A TCP server that speaks just enough of the MySQL protocol to test how the client connects
 * and fails: it greets (offering TLS or not), upgrades to TLS with a self-signed certificate for
 * `localhost` when the client asks, reads the login, and refuses it with "access denied".
 */
export interface FakeMysql {
  readonly port: number;
  /** One entry per login received: the user, and whether it came over TLS. */
  readonly logins: { user: string; tls: boolean }[];
  /** Connections accepted. */
  readonly connections: number;
  close(): Promise<void>;
}

export interface FakeMysqlBehaviour {
  /** 'silent': accept and never answer (a firewall that drops, a hung server). */
  readonly mode: 'refuse-login' | 'silent';
  /** @default false */
  readonly offerTls?: boolean;
  /** The certificate presented: `server` names localhost, `other` names otrs-db.example. @default 'server' */
  readonly certificate?: 'server' | 'other';
}

const TLS_DIR = new URL('../../fixtures/db/tls/', import.meta.url);
/** The certificate the fake presents by default (also the CA that signed it: it is self-signed). */
export const FAKE_MYSQL_CERT = new URL('server.crt', TLS_DIR);
/** The other certificate, for a host name that does not match. */
export const FAKE_MYSQL_OTHER_CERT = new URL('other.crt', TLS_DIR);

const CLIENT_SSL = 0x800;
const CAPABILITIES = 0x1 | 0x8 | 0x200 | 0x2000 | 0x8000 | 0x80000; // long password, with db, 4.1, transactions, secure auth, plugin auth

export async function startFakeMysql(behaviour: FakeMysqlBehaviour): Promise<FakeMysql> {
  const logins: FakeMysql['logins'] = [];
  const name = behaviour.certificate ?? 'server';
  const context = createSecureContext({ key: readFileSync(new URL(`${name}.key`, TLS_DIR)), cert: readFileSync(new URL(`${name}.crt`, TLS_DIR)) });

  const server = await listenOnLoopback((socket) => {
    socket.write(packet(0, greeting(behaviour.offerTls ?? false)));
    readPackets(socket, false);
  }, behaviour.mode === 'silent');

  /** Reads the client's packets: an SSL request (upgrade, then read on over TLS) or the login (refuse it). */
  function readPackets(stream: Socket | TLSSocket, tls: boolean): void {
    let buffer = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      buffer = Buffer.concat([buffer, chunk]);
      if (buffer.length < 4) return;
      const length = buffer.readUIntLE(0, 3);
      if (buffer.length < 4 + length) return;
      const sequence = buffer[3] ?? 0;
      const payload = buffer.subarray(4, 4 + length);
      const rest = buffer.subarray(4 + length);
      stream.removeListener('data', onData);
      const capabilities = payload.readUInt32LE(0);
      if (!tls && payload.length === 32 && (capabilities & CLIENT_SSL) !== 0) {
        // A stream of our own between socket and TLS: the client's hello may already sit in `rest`.
        const raw = stream;
        const tunnel = new Duplex({
          read: () => undefined,
          write: (chunk: Buffer, _encoding, done) => void raw.write(chunk, done),
          final: (done) => void raw.end(done),
        });
        raw.on('data', (data: Buffer) => tunnel.push(data));
        raw.on('end', () => tunnel.push(null));
        if (rest.length > 0) tunnel.push(rest);
        const secure = new TLSSocket(tunnel as unknown as Socket, { isServer: true, secureContext: context });
        secure.on('error', () => undefined);
        readPackets(secure, true);
        return;
      }
      const user = payload.subarray(32, payload.indexOf(0, 32)).toString('utf8');
      logins.push({ user, tls });
      stream.write(packet(sequence + 1, accessDenied(user)));
      stream.end();
    };
    stream.on('data', onData);
  }

  return {
    port: server.port,
    logins,
    get connections() {
      return server.connections();
    },
    close: server.close,
  };
}

function packet(sequence: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUIntLE(payload.length, 0, 3);
  header[3] = sequence & 0xff;
  return Buffer.concat([header, payload]);
}

/** Protocol::HandshakeV10 with mysql_native_password. */
function greeting(offerTls: boolean): Buffer {
  const capabilities = CAPABILITIES | (offerTls ? CLIENT_SSL : 0);
  const lower = Buffer.alloc(2);
  lower.writeUInt16LE(capabilities & 0xffff);
  const upper = Buffer.alloc(2);
  upper.writeUInt16LE(capabilities >>> 16);
  const connectionId = Buffer.alloc(4);
  connectionId.writeUInt32LE(1);
  return Buffer.concat([
    Buffer.from([10]),
    Buffer.from('5.7.99-fake\0'),
    connectionId,
    Buffer.from('abcdefgh'),
    Buffer.from([0]),
    lower,
    Buffer.from([45, 2, 0]), // utf8mb4_general_ci, autocommit status
    upper,
    Buffer.from([21]),
    Buffer.alloc(10),
    Buffer.from('ijklmnopqrst\0'),
    Buffer.from('mysql_native_password\0'),
  ]);
}

/** ERR_Packet 1045 / 28000, as MySQL words it. */
function accessDenied(user: string): Buffer {
  const code = Buffer.alloc(2);
  code.writeUInt16LE(1045);
  return Buffer.concat([Buffer.from([0xff]), code, Buffer.from(`#28000Access denied for user '${user}'@'localhost' (using password: YES)`)]);
}
