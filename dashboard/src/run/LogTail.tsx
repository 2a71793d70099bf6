import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { showError } from '../lib/errors.js';
import { LogFollower, type LogLine } from './log-follower.js';
import { Panel } from './Panel.js';

/** How often a running run's log is read for new lines (there is no log subscription). */
export const LOG_POLL_MS = 2000;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A log timestamp as local `14:03:07.123`. */
function clock(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

function Line(props: { line: LogLine }) {
  const { line } = props;
  const level = line.level.toLowerCase();
  return (
    <div class={`log-line lvl-${level}`} data-level={line.level}>
      <time dateTime={line.timestamp} title={line.timestamp}>
        {clock(line.timestamp)}
      </time>
      <span class="lvl">{line.level}</span>
      {line.source ? (
        <span class="src ellipsis" title={line.source}>
          {line.source}
        </span>
      ) : null}
      <span class="msg">{line.message}</span>
    </div>
  );
}

/**
 * The last lines of the run's log, newest at the bottom, level-coloured. While the run is RUNNING it reads new lines
 * every LOG_POLL_MS (only those after the last one read); it also reads when the run changed (`version`). The view
 * keeps to the newest line unless the reader scrolled up.
 */
export function LogTail(props: { jobId: string; running: boolean; version: number }) {
  const follower = useMemo(() => new LogFollower(props.jobId), [props.jobId]);
  const [lines, setLines] = useState<LogLine[]>([]);
  const [read, setRead] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  useEffect(() => {
    let gone = false;
    const update = () =>
      follower.readNew().then(
        () => {
          if (gone) return;
          setRead(true);
          // The follower's list (a new array only when lines came, by this read or by one another effect started).
          setLines(follower.lines);
        },
        (error) => !gone && showError(error),
      );
    void update();
    const timer = props.running ? setInterval(() => void update(), LOG_POLL_MS) : undefined;
    return () => {
      gone = true;
      clearInterval(timer);
    };
  }, [follower, props.running, props.version]);
  useLayoutEffect(() => {
    const el = box.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [lines]);
  return (
    <Panel
      id="logs"
      title="Log tail"
      class="wide"
      actions={
        <span class="muted" id="log-state" data-following={props.running ? 'true' : 'false'}>
          {props.running ? `following, every ${LOG_POLL_MS / 1000} s` : `last ${follower.keep} lines`}
        </span>
      }
    >
      <div
        class="log-tail"
        id="log-tail"
        ref={box}
        role="log"
        aria-label="The run's last log lines"
        tabIndex={0}
        data-lines={lines.length}
        onScroll={(e) => {
          const el = e.currentTarget;
          atBottom.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 8;
        }}
      >
        {lines.map((line) => (
          <Line key={line.cursor} line={line} />
        ))}
        {read && lines.length === 0 ? <p class="muted">No log lines.</p> : null}
      </div>
    </Panel>
  );
}
