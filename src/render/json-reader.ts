/**
 * A small strict reader for untrusted JSON: every accessor records what is wrong, with its path
 * (`changes[2].groupId`), and returns `undefined`, so one pass reports every issue at once.
 * An `undefined` value is a missing key, which `object()` has already reported: the accessors
 * pass it through without a second issue.
 */
export class JsonReader {
  readonly issues: string[] = [];

  fail(path: string, message: string): undefined {
    this.issues.push(`${path || 'the document'} ${message}`);
    return undefined;
  }

  /** An object with exactly these keys (the optional ones may be absent). */
  object(value: unknown, path: string, required: readonly string[], optional: readonly string[] = []): Record<string, unknown> | undefined {
    if (!isRecord(value)) return this.fail(path, `must be an object, not ${describe(value)}`);
    const record = value;
    const allowed = new Set([...required, ...optional]);
    for (const k of Object.keys(record)) if (!allowed.has(k)) this.fail(join(path, k), 'is not part of the plan format');
    for (const k of required) if (!(k in record)) this.fail(join(path, k), 'is missing');
    return record;
  }

  array(value: unknown, path: string): readonly unknown[] | undefined {
    if (value === undefined) return undefined;
    return Array.isArray(value) ? value : this.fail(path, `must be an array, not ${describe(value)}`);
  }

  string(value: unknown, path: string, options: { nonEmpty?: boolean; pattern?: RegExp } = {}): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string') return this.fail(path, `must be a string, not ${describe(value)}`);
    if (options.nonEmpty && value === '') return this.fail(path, 'must not be empty');
    if (options.pattern && !options.pattern.test(value)) return this.fail(path, `must match ${String(options.pattern)}`);
    return value;
  }

  boolean(value: unknown, path: string): boolean | undefined {
    if (value === undefined) return undefined;
    return typeof value === 'boolean' ? value : this.fail(path, `must be true or false, not ${describe(value)}`);
  }

  /** A safe integer no smaller than `min`. */
  integer(value: unknown, path: string, min: number): number | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) return this.fail(path, `must be an integer, not ${describe(value)}`);
    return value >= min ? value : this.fail(path, `must be at least ${min}`);
  }

  /** A finite number no smaller than `min`. */
  number(value: unknown, path: string, min: number): number | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) return this.fail(path, `must be a number, not ${describe(value)}`);
    return value >= min ? value : this.fail(path, `must be at least ${min}`);
  }

  oneOf<T extends string>(value: unknown, path: string, options: readonly T[]): T | undefined {
    if (value === undefined) return undefined;
    return typeof value === 'string' && (options as readonly string[]).includes(value)
      ? (value as T)
      : this.fail(path, `must be one of ${options.map((o) => JSON.stringify(o)).join(', ')}, not ${describe(value)}`);
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function join(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length > 30 ? 'a string' : JSON.stringify(value);
  if (typeof value === 'object') return 'an object';
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : typeof value;
}

/** Reads every item of an array with `read`; `undefined` when the array or any item is malformed. */
export function list<T>(r: JsonReader, value: unknown, path: string, read: (r: JsonReader, v: unknown, p: string) => T | undefined): T[] | undefined {
  const items = r.array(value, path)?.map((v, i) => read(r, v, join(path, i)));
  return items?.every(isDefined) ? items : undefined;
}

type Complete<T> = { [K in keyof T]: Exclude<T[K], undefined> };

/** The object when every property was read successfully (`null` is a valid value), else `undefined`. */
export function complete<T extends object>(o: T): Complete<T> | undefined {
  return Object.values(o).every((v) => v !== undefined) ? (o as Complete<T>) : undefined;
}

export function isDefined<T>(v: T | undefined): v is T {
  return v !== undefined;
}
