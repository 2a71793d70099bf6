import { when } from '../lib/format.js';
import { Panel } from './Panel.js';
import type { RunJob } from './use-run.js';

/** Every status change of the run, oldest first, with its message. */
export function StatusHistory(props: { history: RunJob['statusHistory'] }) {
  return (
    <Panel id="history" title="Status history">
      {props.history.length === 0 ? (
        <p class="muted">No status change recorded.</p>
      ) : (
        <ol class="status-history plain-list" id="status-history">
          {props.history.map((h, i) => (
            <li key={`${h.timestamp}-${i}`} data-status={h.status}>
              <span class={`status status-${h.status.toLowerCase()}`}>{h.status.toLowerCase()}</span>
              <time dateTime={h.timestamp} title={h.timestamp}>
                {when(h.timestamp)}
              </time>
              {h.message ? <span class="muted message ellipsis">{h.message}</span> : null}
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}
