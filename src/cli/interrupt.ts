import type { Db, TransactionOptions } from '../db/db.js';
import type { CliIo } from './io.js';

/** The exit code of a process stopped by Ctrl+C, as shells report it (128 + SIGINT). */
export const EXIT_INTERRUPTED = 130;

/**
 * Where an apply stands, as far as Ctrl+C is concerned. The transaction is all or nothing, so
 * the operator needs one fact: was COMMIT answered?
 * - `before`: nothing sent that writes, or the transaction failed and was rolled back;
 * - `transaction`: writing, COMMIT not sent: stopping now leaves nothing written;
 * - `committing`: COMMIT sent, its answer not yet in: the outcome is awaited, then told;
 * - `committed`: the changes are in the database.
 */
type Stage = 'before' | 'transaction' | 'committing' | 'committed';

/** Ctrl+C handling for `apply`: installed for the whole command, removed by `dispose`. */
export interface ApplyInterrupts {
  /** `db` as apply should use it: its transaction tells this handler when COMMIT is sent and answered. */
  watch(db: Db): Db;
  /** After the commit: what was applied, for the message (`3 created, 0 changed, …`). */
  applied(summary: string): void;
  /** A deploy command runs after the commit: Ctrl+C stops it too. */
  deploying(controller: AbortController): void;
  /** Acts as if Ctrl+C was pressed (the confirmation prompt reads it as a key, not a signal). */
  interrupt(): void;
  dispose(): void;
}

/**
 * Installs a SIGINT handler that says on stderr whether the apply was committed, then exits 130.
 * Before the commit the process exits at once: the server rolls back the transaction of a
 * connection that goes away (the embedded database never made it durable). While COMMIT is on
 * its way, it waits for the answer rather than guess. With `json`, stdout gets the error document
 * (`error: "interrupted"`) with the command's own keys, as for any other failure.
 */
export function handleApplyInterrupts(
  io: CliIo,
  options: { readonly json?: () => object } = {},
  exit: (code: number) => void = (code) => process.exit(code),
): ApplyInterrupts {
  let stage: Stage = 'before';
  let summary = '';
  let deploy: AbortController | undefined;
  let waitingForCommit = false;
  const stop = (message: string): void => {
    if (options.json) io.stdout.write(`${JSON.stringify({ ok: false, error: 'interrupted', message, ...options.json() }, null, 2)}\n`);
    io.stderr.write(`${message}.\n`);
    exit(EXIT_INTERRUPTED);
  };
  const notWritten = (): void => {
    stop('Interrupted before the commit: nothing was written (the transaction was not committed, and the database rolls it back)');
  };
  const written = (): void => {
    const stopped = deploy !== undefined && !deploy.signal.aborted;
    deploy?.abort();
    const what = summary === '' ? '' : ` (${summary})`;
    stop(`Interrupted after the commit: the changes are applied${what}${stopped ? '. The deploy command was stopped: deploy in OTRS by hand' : ''}`);
  };
  const onSignal = (): void => {
    switch (stage) {
      case 'before':
      case 'transaction':
        notWritten();
        return;
      case 'committing':
        if (!waitingForCommit) io.stderr.write('Interrupted while committing: waiting for the database to say whether the commit went through…\n');
        waitingForCommit = true;
        return;
      case 'committed':
        written();
        return;
    }
  };
  process.on('SIGINT', onSignal);

  return {
    watch(db) {
      return {
        dialect: db.dialect,
        description: db.description,
        get statementCount() {
          return db.statementCount;
        },
        query: <Row>(sql: string, params?: readonly unknown[]) => db.query<Row>(sql, params),
        close: () => db.close(),
        async transaction<T>(fn: (tx: Db) => Promise<T>, options?: TransactionOptions): Promise<T> {
          stage = 'transaction';
          let result: T;
          try {
            result = await db.transaction(async (tx) => {
              const value = await fn(tx);
              // The driver sends COMMIT as soon as this returns.
              stage = 'committing';
              return value;
            }, options);
          } catch (err) {
            stage = 'before';
            if (waitingForCommit) notWritten();
            throw err;
          }
          stage = 'committed';
          if (waitingForCommit) written();
          return result;
        },
      };
    },
    applied(text) {
      summary = text;
    },
    deploying(controller) {
      deploy = controller;
    },
    interrupt: onSignal,
    dispose() {
      process.removeListener('SIGINT', onSignal);
    },
  };
}
