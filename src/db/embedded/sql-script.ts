import type { Db } from '../db.js';

/**
 * Splits a script into statements at each `;` outside quotes and comments. Enough for the
 * schema files this project writes ('...', E'...' with backslash escapes, "...", -- comments);
 * not a general SQL parser (no dollar quoting).
 */
export function splitSqlScript(script: string): string[] {
  const statements: string[] = [];
  let current = '';
  let i = 0;
  while (i < script.length) {
    const ch = script[i] ?? '';
    if (ch === '-' && script[i + 1] === '-') {
      const end = script.indexOf('\n', i);
      i = end === -1 ? script.length : end;
      continue;
    }
    if (ch === "'" || ch === '"') {
      const escapes = ch === "'" && /[Ee]$/.test(current) && !/[A-Za-z0-9_][Ee]$/.test(current);
      const end = closingQuote(script, i, ch, escapes);
      current += script.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    if (ch === ';') {
      if (current.trim() !== '') statements.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
    i++;
  }
  if (current.trim() !== '') statements.push(current.trim());
  return statements;
}

function closingQuote(text: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    if (backslashEscapes && ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === quote) {
      if (text[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i;
    }
    i++;
  }
  throw new Error(`unterminated ${quote} quote in SQL script at offset ${start}`);
}

/** Runs a script's statements in order, one `query` each (the caller decides on a transaction). */
export async function runSqlScript(db: Db, script: string): Promise<void> {
  for (const statement of splitSqlScript(script)) await db.query(statement);
}
