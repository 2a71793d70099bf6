import { ConfigError } from './config';
import { DataDirBusyError } from '../dev/data-dir-lock';
import { JavaNotFoundError } from '../dev/dynamodb-local-process';
import { EmbeddedStartError } from '../dev/embedded-dynamodb';

/**
 * What every entry point (server, worker, scripts) does first. The AWS SDK warns at its first client, on every start,
 * that SDK versions published after January 2027 will need Node 22; the versions this project pins run on Node 20, so
 * the warning says nothing about this install (README: Requirements). Set the variable to `false` to see it.
 */
export function prepareProcess(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}

/**
 * Under `npm start` (or `npm run ...`), a SIGTERM to npm ends npm without passing it on to this process; stop when the
 * launcher goes away (this process is re-parented), so neither this process nor its DynamoDB Local outlives it.
 */
export function watchLauncher(onGone: () => void): void {
  if (!process.env.npm_lifecycle_event) return;
  const launcher = process.ppid;
  setInterval(() => {
    if (process.ppid !== launcher) onGone();
  }, 1000).unref();
}

/** The message for an error that stops a start: its own words for the expected ones, else `what failed` with the stack. */
export function startFailureMessage(what: string, error: unknown): string {
  if (
    error instanceof ConfigError ||
    error instanceof JavaNotFoundError ||
    error instanceof DataDirBusyError ||
    error instanceof EmbeddedStartError
  )
    return error.message;
  return `${what}: ${(error as Error)?.stack ?? String(error)}`;
}

/** Something a script opened and must close on every way out (DynamoDB Local must stop cleanly to keep its last write). */
interface Closable {
  close(): Promise<void>;
}

/**
 * Runs a command-line script: `main` returns its exit code; what it passes to `keep` is closed when it returns, when it
 * throws (the error printed as `name failed: ...`) and on Ctrl-C or SIGTERM (exit code 130).
 */
export function runScript(name: string, main: (keep: <T extends Closable>(resource: T) => T) => Promise<number | void>): void {
  prepareProcess();
  const open: Closable[] = [];
  const closeAll = async () => {
    for (const resource of open.splice(0).reverse()) await resource.close().catch(() => undefined);
  };
  const keep = <T extends Closable>(resource: T): T => (open.push(resource), resource);
  let interrupted = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      interrupted = true;
      void closeAll().then(() => process.exit(130));
    });
  }
  main(keep)
    .then(
      async (code) => {
        await closeAll();
        return code ?? 0;
      },
      async (error: unknown) => {
        await closeAll();
        if (!interrupted) process.stderr.write(`${startFailureMessage(`${name} failed`, error)}\n`);
        return 1;
      },
    )
    .then((code) => {
      if (!interrupted) process.exit(code);
    });
}
