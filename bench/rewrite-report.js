// `node bench/rewrite-report.js`: writes bench/RESULTS.md (and the targets in results.json)
// again from the runs in bench/results.json, measuring nothing: for a change to the report or
// to how a target is judged, without another 20-minute run.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { storeFromResults, writeResults } from './lib/write-results.js';

const dir = fileURLToPath(new URL('.', import.meta.url));
const results = JSON.parse(readFileSync(`${dir}/results.json`, 'utf8'));
const { targets: _previous, measurements: _runs, ...context } = results;
writeResults(dir, storeFromResults(results), context);
