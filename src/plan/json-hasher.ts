import type { Hash } from 'node:crypto';

/** Bytes gathered before the hash takes them: few calls, and the buffer stays in cache. */
const CAPACITY = 65_536;

const encoder = new TextEncoder();

/** JSON punctuation and keys (ASCII) as the bytes they are written as. */
export function jsonBytes(ascii: string): Uint8Array {
  return encoder.encode(ascii);
}

/**
 * Feeds a hash the exact UTF-8 bytes `JSON.stringify` would write, piece by piece, into one
 * reused buffer: hashing tens of thousands of rows this way builds no object tree and no string
 * (the fingerprint, src/plan/fingerprint.ts). Only strings and numbers are written here; the
 * caller writes keys and punctuation with `bytes`.
 */
export class JsonHasher {
  private readonly buffer = new Uint8Array(CAPACITY);
  private at = 0;

  constructor(private readonly hash: Hash) {}

  /** Bytes written as they stand (from `jsonBytes`). */
  bytes(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.at);
    this.at += bytes.length;
  }

  /** A string as `JSON.stringify` quotes it. */
  string(text: string): void {
    // Printable ASCII other than `"` and `\` stands as it is between the quotes; copy it while
    // checking, and hand anything else (escapes, UTF-8, lone surrogates) to JSON.stringify.
    if (text.length + 2 <= CAPACITY) {
      this.reserve(text.length + 2);
      const { buffer } = this;
      const start = this.at;
      let at = start + 1;
      let i = 0;
      for (; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c < 0x20 || c === 0x22 || c === 0x5c || c > 0x7f) break;
        buffer[at++] = c;
      }
      if (i === text.length) {
        buffer[start] = 0x22;
        buffer[at++] = 0x22;
        this.at = at;
        return;
      }
    }
    this.text(JSON.stringify(text));
  }

  /** A number as `JSON.stringify` writes it (`null` when not finite). */
  number(n: number): void {
    if (!(Number.isInteger(n) && n >= 0 && n < 1e15)) {
      this.text(Number.isFinite(n) ? String(n) : 'null');
      return;
    }
    // Ids: the decimal digits, written from the last one back.
    let digits = 1;
    for (let p = 10; p <= n; p *= 10) digits++;
    this.reserve(digits);
    let rest = n;
    for (let at = this.at + digits - 1; at >= this.at; at--) {
      this.buffer[at] = 0x30 + (rest % 10);
      rest = Math.floor(rest / 10);
    }
    this.at += digits;
  }

  /** Hands the rest to the hash; call once at the end. */
  flush(): void {
    if (this.at > 0) this.hash.update(this.buffer.subarray(0, this.at));
    this.at = 0;
  }

  /** JSON text already made, as UTF-8. */
  private text(json: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (json.length * 3 > CAPACITY) {
      this.flush();
      this.hash.update(json, 'utf8');
      return;
    }
    this.reserve(json.length * 3);
    this.at += encoder.encodeInto(json, this.buffer.subarray(this.at)).written;
  }

  private reserve(length: number): void {
    if (this.at + length > CAPACITY) this.flush();
  }
}
