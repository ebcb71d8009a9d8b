import { codePointLength } from '../config/describe-value.js';


/** "N characters long; the config allows at most M" when `text` is longer than `max` code points (the schema's unit). */
export function lengthProblem(text: string, max: number): string | undefined {
  const length = codePointLength(text);
  return length > max ? `${length} characters long; the config allows at most ${max}` : undefined;
}
