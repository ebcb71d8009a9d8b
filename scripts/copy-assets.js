// tsc copies only .ts/.json sources; the embedded database schema is plain SQL read at run time.
import { cpSync, mkdirSync } from 'node:fs';

mkdirSync('dist/src/db/embedded', { recursive: true });
cpSync('src/db/embedded/otrs-schema.sql', 'dist/src/db/embedded/otrs-schema.sql');
