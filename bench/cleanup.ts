/**
 * Everything a bench run starts (DynamoDB Local, servers, the stream worker, redis-server) registers its stop here, so
 * the end of the run, an error or Ctrl-C stops all of it, newest first, whichever workload started it.
 */

const pending = new Set<() => Promise<void>>();

/** Registers `stop`; returns a stop that runs it once (later calls wait for the same stop) and unregisters it. */
export function stopAtShutdown(stop: () => Promise<void>): () => Promise<void> {
  let stopping: Promise<void> | null = null;
  const once = () => {
    pending.delete(once);
    stopping ??= stop();
    return stopping;
  };
  pending.add(once);
  return once;
}

/** Stops everything still running, newest first; a stop that fails does not keep the others from running. */
export async function stopEverything(): Promise<void> {
  for (const stop of [...pending].reverse()) await stop().catch(() => undefined);
}
