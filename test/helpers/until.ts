/**
 * Waits for a condition instead of a fixed time: a loaded 2-core machine may take seconds for what takes milliseconds
 * alone, and a fixed sleep then judges too early. Throws naming `what` after `ms`.
 */
export async function until(check: () => boolean, what: string, ms = 60_000): Promise<void> {
  for (const end = Date.now() + ms; !check(); await new Promise((r) => setTimeout(r, 50))) {
    if (Date.now() > end) throw new Error(`not within ${ms / 1000} s: ${what}`);
  }
}

/** A ledger's acknowledged epochs so far. */
export const acknowledgedEpochs = (ledger: { epochs: readonly { acknowledged: boolean }[] }) =>
  ledger.epochs.filter((e) => e.acknowledged).length;
