/*
 * What DynamoDB Local's output says went wrong. It answers every request that hits a storage failure with a bare HTTP
 * 500 `InternalFailure` and prints the cause (a SQLite exception with a Java stack trace, dozens of lines) on its own
 * output; these turn that output into one line a person can act on.
 */

/** SQLite result codes (https://sqlite.org/rescode.html) that DynamoDB Local's storage failures carry. */
const SQLITE_CODE = /SQLite\w*Exception: \[(\d+)\]\s*(.*)$/;
/** sqlite4java ends the line with SQLite's own message in brackets, after the statement. */
const BRACKETED_END = /\[([^[\]]+)\]\s*$/;

/** One line for a storage failure DynamoDB Local printed, or undefined for any other line. */
export function storageProblemOf(line: string, dataDir: string | undefined): string | undefined {
  const where = dataDir ?? 'memory';
  if (/java\.lang\.OutOfMemoryError/.test(line)) return 'DynamoDB Local ran out of memory (java.lang.OutOfMemoryError)';
  const m = SQLITE_CODE.exec(line);
  if (!m) return undefined;
  const code = m[1];
  const message = BRACKETED_END.exec(m[2])?.[1] ?? m[2].slice(0, 200);
  const sqlite = `SQLite [${code}] ${message}`;
  switch (Number(code)) {
    case 11:
    case 26:
      return `the database files in ${where} are damaged (${sqlite}); stop the server, move ${where} aside (sqlite3's .recover may save some of it) and start the server again on an empty directory`;
    case 5:
      return `the database file in ${where} is locked by another process (${sqlite}); is a second DynamoDB Local running on it?`;
    case 19:
      return /SequenceNumber/.test(line)
        ? `another DynamoDB Local wrote to the files in ${where} (${sqlite}); run only one per data directory`
        : `DynamoDB Local's storage refused a write (${sqlite})`;
    case 13:
      return `the disk holding ${where} is full (${sqlite})`;
    case 8:
    case 14:
      return `DynamoDB Local cannot open or write the files in ${where} (${sqlite}); check the directory's permissions`;
    default:
      return `DynamoDB Local's storage failed (${sqlite})`;
  }
}

/** DynamoDB Local's start-up banner (its settings), and the shell's note when Java is killed. */
function isBannerOrShell(line: string): boolean {
  return (
    /^(Initializing DynamoDB Local|Port:|InMemory:|Version:|DbPath:|SharedDb:|shouldDelayTransientStatuses:|CorsParams:)/.test(line) ||
    /^Killed$/.test(line.trim())
  );
}

/** Lines of a Java stack trace, of sqlite4java's log headers, of the banner: noise once their cause has been summed up. */
export function isTraceNoise(line: string): boolean {
  return (
    isBannerOrShell(line) ||
    /^\s*$/.test(line) ||
    /^\s+at /.test(line) ||
    /^\s*\.\.\. \d+ more/.test(line) ||
    /^Caused by: /.test(line) ||
    /^[A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d{2}:\d{2} [AP]M /.test(line) ||
    /^(WARNING|SEVERE|INFO): \[sqlite\]/.test(line) ||
    /^com\.almworks\.sqlite4java\./.test(line) ||
    /Exception/.test(line)
  );
}
