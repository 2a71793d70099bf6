/**
 * Runs `task` once, `ms` after the first call of a burst, however many calls the burst makes: a burst of live events
 * costs one refetch. Unlike a debounce that restarts on each call, a steady stream of events still refetches every `ms`.
 */
export function coalesce(task: () => void, ms: number): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return () => {
    timer ??= setTimeout(() => {
      timer = undefined;
      task();
    }, ms);
  };
}
