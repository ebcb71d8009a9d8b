/** How a value reads in a message: `the string "yes"`, `the number 3`, `a list`. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value';
  if (typeof value === 'string') return `the string ${quote(value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `the boolean ${value}`;
  if (Array.isArray(value)) return 'a list';
  return 'a mapping';
}

/** JSON-quotes text for a message, shortened so one problem stays one line. */
export function quote(text: string, max = 60): string {
  const points = Array.from(text);
  return JSON.stringify(points.length > max ? `${points.slice(0, max).join('')}…` : text);
}

const TYPE_NOUNS: Readonly<Record<string, string>> = {
  boolean: 'a boolean (true or false)',
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  object: 'a mapping',
  array: 'a list',
  null: 'an empty value',
};

/** The JSON Schema type name as a phrase: `integer` → `a whole number`. */
export function typeNoun(type: string): string {
  return TYPE_NOUNS[type] ?? type;
}

/** Unicode code points, the unit OTRS's VARCHAR columns count in (and ajv's `maxLength`). */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
