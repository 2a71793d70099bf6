import { useEffect, useRef, useState } from 'preact/hooks';
import { keyPrompt, setApiKey } from '../lib/api.js';
import { restartLive } from '../lib/live.js';
import { useStore } from '../lib/store.js';

/** Asks for an API key when the server refuses a read (reader key) or an edit (writer key); kept for this tab only. */
export function KeyDialog() {
  const prompt = useStore(keyPrompt);
  const [key, setKey] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    setKey('');
    input.current?.focus();
  }, [prompt]);
  if (!prompt) return null;
  const submit = (e: Event) => {
    e.preventDefault();
    if (!key.trim()) return;
    setApiKey(prompt.role, key.trim());
    if (prompt.role === 'reader') restartLive();
    prompt.done(true);
  };
  return (
    <div class="dialog-backdrop">
      <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="key-title">
        <form onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && prompt.done(false)}>
          <h2 id="key-title">{prompt.role === 'writer' ? 'Writer key' : 'API key'}</h2>
          <p>{prompt.reason}</p>
          <label>
            {prompt.role === 'writer' ? 'Writer API key' : 'Reader API key'}
            <input
              ref={input}
              id="key"
              type="password"
              autoComplete="off"
              placeholder="tm_..."
              value={key}
              onInput={(e) => setKey(e.currentTarget.value)}
            />
          </label>
          <div class="dialog-actions">
            <button type="button" onClick={() => prompt.done(false)}>
              Cancel
            </button>
            <button type="submit" class="primary">
              Use key
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
