import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

let nextId = 0;

/**
 * A button opening a small panel under it (the tag, column and group-by choosers): the panel takes the focus when it
 * opens; Escape, a click outside or the focus leaving it closes it, Escape giving the focus back to the button.
 */
export function Popover(props: {
  /** The panel's accessible name (e.g. "Choose columns"). */
  label: string;
  /** The button's content, which is its accessible name too. */
  button: ComponentChildren;
  class?: string;
  children: (close: () => void) => ComponentChildren;
}) {
  const [open, setOpen] = useState(false);
  const [id] = useState(() => `popover-${++nextId}`);
  const wrapper = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const close = (refocus = true) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };
  useEffect(() => {
    if (!open) return;
    panel.current?.querySelector<HTMLElement>('input, button, select, textarea, a[href]')?.focus();
    const outside = (e: MouseEvent) => wrapper.current?.contains(e.target as Node) || setOpen(false);
    document.addEventListener('mousedown', outside);
    return () => document.removeEventListener('mousedown', outside);
  }, [open]);
  return (
    <div
      class={`popover-wrap ${props.class ?? ''}`}
      ref={wrapper}
      onFocusOut={(e) => {
        const to = e.relatedTarget as Node | null;
        if (open && to && !wrapper.current?.contains(to)) setOpen(false);
      }}
    >
      <button
        type="button"
        ref={button}
        class="popover-button"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={() => setOpen(!open)}
      >
        {props.button}
      </button>
      {open ? (
        <div
          id={id}
          ref={panel}
          class="popover surface"
          role="dialog"
          aria-label={props.label}
          onKeyDown={(e) => {
            if (e.key !== 'Escape') return;
            e.stopPropagation();
            close();
          }}
        >
          {props.children(() => close())}
        </div>
      ) : null}
    </div>
  );
}
