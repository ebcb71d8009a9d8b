import { expect, test } from 'vitest';
import { splitSqlScript } from '../../../src/db/embedded/sql-script.js';

test('splits at semicolons outside quotes and comments', () => {
  const script = [
    "-- a comment; with a semicolon",
    "INSERT INTO t VALUES ('a;b', 'it''s');",
    "INSERT INTO t VALUES (E'--- ''1''\\n;', E'back\\\\');",
    'CREATE TABLE "we;ird" (x int);',
    'SELECT 1',
  ].join('\n');
  expect(splitSqlScript(script)).toEqual([
    "INSERT INTO t VALUES ('a;b', 'it''s')",
    "INSERT INTO t VALUES (E'--- ''1''\\n;', E'back\\\\')",
    'CREATE TABLE "we;ird" (x int)',
    'SELECT 1',
  ]);
});

test('an unterminated quote is an error, not a silently merged statement', () => {
  expect(() => splitSqlScript("SELECT 'oops;")).toThrow(/unterminated/);
});
