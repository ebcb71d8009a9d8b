// Preloaded (`node -r`) into the child processes of start-footprint.test.ts: as the process exits,
// writes its peak resident set size in kilobytes (getrusage's ru_maxrss) to the file named by
// OTRS_TEST_PEAK_RSS_FILE.
const { writeFileSync } = require('node:fs');

process.on('exit', () => writeFileSync(process.env.OTRS_TEST_PEAK_RSS_FILE, String(process.resourceUsage().maxRSS)));
