const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * A password that cannot leak by accident: printing, interpolating, JSON-encoding or
 * `console.log`-ing it shows `[redacted]`. Only `reveal()` hands out the text, for the driver.
 */
export class Secret {
  readonly #value: string;
  readonly #otherForms: readonly string[];

  /** @param otherForms how the secret was written where it came from, e.g. percent-encoded in a URL */
  constructor(value: string, otherForms: readonly string[] = []) {
    this.#value = value;
    this.#otherForms = otherForms;
  }

  reveal(): string {
    return this.#value;
  }

  /**
   * The forms the secret may take inside someone else's message: as given, and
   * percent-encoded as it would appear in a URL.
   */
  variants(): string[] {
    const forms = new Set([this.#value, encodeURIComponent(this.#value), ...this.#otherForms]);
    forms.delete('');
    return [...forms];
  }

  toString(): string {
    return '[redacted]';
  }

  toJSON(): string {
    return '[redacted]';
  }

  [INSPECT](): string {
    return '[redacted]';
  }
}

/** Replaces every form of every secret in `text` with `***`. Messages from drivers pass through here. */
export function scrubSecrets(text: string, secrets: readonly (Secret | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret) continue;
    for (const form of secret.variants().sort((a, b) => b.length - a.length)) out = out.split(form).join('***');
  }
  return out;
}
