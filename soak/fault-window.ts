import type { CallSpan } from './ledger';
import type { FaultKind } from './options';

/**
 * Whether a fault the soak injected was in effect and the trainers saw it. While the database is away (killed, reset or
 * swallowed by the proxy) the server can answer no call: every query and mutation reads or writes the table, so a call
 * in flight then fails or waits until the database is back. Two checks follow: at least one trainer call saw the
 * fault (failed while in flight during it, or was held until it healed), and no call of any client (trainer or
 * dashboard) that started after the fault began was answered before it healed. The first shows the fault met the
 * trainers' traffic, the second that it was real: a call in flight when a database that never went away is "healed"
 * also looks held, but without a fault every call that fits in the window is answered (the CI soak's 8 dashboards
 * start several in any 2 s).
 */

/** A fault as injected: when the database went away and when it was back (the run's clock, performance.now()). */
export interface FaultWindow {
  kind: FaultKind;
  injectedAt: number;
  healedAt: number;
}

/** What trainers saw of one fault. */
export interface FaultObservation {
  fault: FaultWindow;
  /** Trainer calls that failed while in flight during the fault. */
  failed: CallSpan[];
  /** Trainer calls in flight when the database came back and answered after: held by the fault. */
  held: CallSpan[];
  /** Calls of any client started after the fault began and answered before it healed: the database answered meanwhile. */
  answeredDuring: CallSpan[];
}

export function observeFault(fault: FaultWindow, spans: readonly CallSpan[]): FaultObservation {
  const during = spans.filter((s) => s.startedAt < fault.healedAt && s.endedAt > fault.injectedAt);
  const trainers = during.filter((s) => s.role === 'trainer');
  return {
    fault,
    failed: trainers.filter((s) => s.code !== null),
    held: trainers.filter((s) => s.code === null && s.endedAt >= fault.healedAt),
    answeredDuring: during.filter((s) => s.code === null && s.startedAt >= fault.injectedAt && s.endedAt < fault.healedAt),
  };
}

const MAX_LISTED = 6;

/** The report's lines on one fault: when, which calls saw it, and its two checks (each true when it passed). */
export function faultReport(o: FaultObservation, origin: number): { lines: string[]; checks: [boolean, string][] } {
  const sec = (ms: number) => ((ms - origin) / 1000).toFixed(1);
  const at = (ms: number) => `${sec(ms)} s`;
  const { kind, injectedAt, healedAt } = o.fault;
  const outcome = (s: CallSpan) =>
    s.code ?? (s.endedAt >= healedAt ? `answered ${((s.endedAt - healedAt) / 1000).toFixed(1)} s after the heal` : 'answered');
  const span = (s: CallSpan) => `${s.operation} by ${s.client} ${sec(s.startedAt)}-${at(s.endedAt)}: ${outcome(s)}`;
  const seen = [...o.failed, ...o.held].sort((a, b) => a.startedAt - b.startedAt);
  const when = `fault ${kind} injected at ${at(injectedAt)}, healed at ${at(healedAt)}`;
  const lines = [`${when}: trainer calls that saw it: ${o.failed.length} failed, ${o.held.length} held until it healed`];
  for (const s of seen.slice(0, MAX_LISTED)) lines.push(`    ${span(s)}`);
  if (seen.length > MAX_LISTED) lines.push(`    ... and ${seen.length - MAX_LISTED} more`);
  const first = o.answeredDuring[0];
  return {
    lines,
    checks: [
      [
        seen.length > 0,
        seen.length
          ? `${when}: seen by ${seen.length} trainer calls`
          : `fault ${kind} injected at ${at(injectedAt)} but no trainer saw it (healed at ${at(healedAt)})`,
      ],
      [
        o.answeredDuring.length === 0,
        `calls (trainers and dashboards) started and answered during the ${kind} fault: ${o.answeredDuring.length}${first ? ` (the database answered: the fault was not in effect; first ${span(first)})` : ''}`,
      ],
    ],
  };
}
