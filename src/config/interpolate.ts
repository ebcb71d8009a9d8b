/** The environment as interpolation sees it; passed in so this stage stays pure. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** Something wrong with one `${...}` in a value; the caller attaches the value's location. */
export interface InterpolationIssue {
  readonly message: string;
  readonly hint?: string;
}

export interface Interpolated {
  /** The text with every well-formed reference replaced; a broken one is kept as written. */
  readonly value: string;
  readonly issues: readonly InterpolationIssue[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Replaces environment references in one string value:
 * `${VAR}` → the variable's value (it must be set, empty is allowed);
 * `${VAR:-default}` → the value when set and not empty, else `default` (taken literally, up to
 * the first `}`); `$${` → a literal `${`. Any other `$` is literal. Replacements are not scanned
 * again, so a variable's value can never inject another reference.
 *
 * Interpolation runs before schema validation and always yields text: a boolean or integer
 * setting cannot come from a variable (the schema reports the string).
 */
export function interpolate(text: string, env: Environment): Interpolated {
  if (!text.includes('${')) return { value: text, issues: [] };
  const issues: InterpolationIssue[] = [];
  let out = '';
  let i = 0;
  while (i < text.length) {
    const dollar = text.indexOf('$', i);
    if (dollar === -1) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, dollar);
    if (text.startsWith('$${', dollar)) {
      out += '${';
      i = dollar + 3;
    } else if (text.startsWith('${', dollar)) {
      const close = text.indexOf('}', dollar + 2);
      if (close === -1) {
        issues.push({ message: `unclosed \`\${\` in "${text}"`, hint: 'close it with `}`, or write `$${` for a literal `${`' });
        out += text.slice(dollar);
        break;
      }
      const body = text.slice(dollar + 2, close);
      const resolved = resolve(body, env);
      if (typeof resolved === 'string') out += resolved;
      else {
        issues.push(resolved);
        out += text.slice(dollar, close + 1);
      }
      i = close + 1;
    } else {
      out += '$';
      i = dollar + 1;
    }
  }
  return { value: out, issues };
}

function resolve(body: string, env: Environment): string | InterpolationIssue {
  const sep = body.indexOf(':-');
  const name = sep === -1 ? body : body.slice(0, sep);
  if (!NAME.test(name)) {
    return {
      message: `\`\${${body}}\` is not a valid reference: \`${name}\` is not a variable name`,
      hint: 'use ${NAME} or ${NAME:-default}, where NAME is letters, digits and _ (not starting with a digit)',
    };
  }
  const value = env[name];
  if (sep !== -1) return value === undefined || value === '' ? body.slice(sep + 2) : value;
  if (value === undefined) return { message: `environment variable ${name} is not set`, hint: `use \${${name}:-default} to give a default` };
  return value;
}
