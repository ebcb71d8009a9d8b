// tsc copies only .ts/.json sources; the embedded database schema is plain SQL read at run time.
import { cpSync, mkdirSync } from 'node:fs';

mkdirSync('dist/src/db', { recursive: true });
cpSync('src/db/otrs-schema.sql', 'dist/src/db/otrs-schema.sql');
