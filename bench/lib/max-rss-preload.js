// Preloaded (node --import) where GNU time is missing: writes the process's peak RSS in KiB to
// BENCH_MAXRSS_FILE at exit, as /usr/bin/time -f %M would.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_MAXRSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, `${process.resourceUsage().maxRSS}\n`));
