#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm run build`, which `npm ci` runs
// through the `prepare` script).
const die = (message) => {
  process.stderr.write(`internal error: ${message}\nThis is a bug in otrs-chat-config; please report it with the command you ran.\n`);
  process.exit(70);
};
// A driver may fail outside any awaited promise (a dropped socket): still exit 70, not a stack.
process.on('uncaughtException', (err) => die(err instanceof Error ? err.message : String(err)));
process.on('unhandledRejection', (err) => die(err instanceof Error ? err.message : String(err)));

let main;
try {
  ({ main } = await import('../dist/src/cli/main.js'));
} catch (err) {
  process.stderr.write('error: otrs-chat-config is not built; run `npm run build` (npm ci does it for you)\n');
  process.exit(1);
}
process.exitCode = await main(process.argv);
