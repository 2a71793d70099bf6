import { useLiveStatus } from '../lib/live.js';

const TEXT = {
  idle: 'idle',
  connecting: 'connecting…',
  live: 'live',
  reconnecting: 'reconnecting…',
  offline: 'not live',
  forbidden: 'not live: key refused',
} as const;

/** Whether the page follows the server's live events, with the reason when it does not. */
export function LiveBadge() {
  const { state, detail } = useLiveStatus();
  const title =
    state === 'offline'
      ? `live updates are off: ${detail ?? ''}`
      : state === 'idle'
        ? 'this view follows nothing live'
        : (detail ?? TEXT[state]);
  return (
    <span id="live" class={`live live-${state}`} role="status" data-state={state} title={title}>
      {TEXT[state]}
    </span>
  );
}
