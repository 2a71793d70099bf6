import type { ComponentChildren } from 'preact';
import { formatState, navigate, viewState, type ViewState } from '../lib/url-state.js';

/**
 * A link to another view: a real <a href> (so it opens in a new tab, copies, and reads as a link), followed in place on
 * a plain click.
 */
export function Link(props: {
  to: Partial<ViewState>;
  class?: string;
  children: ComponentChildren;
  title?: string;
  'aria-current'?: 'page';
}) {
  const { to, children, ...rest } = props;
  const href = `${location.pathname}${formatState({ ...viewState(), ...to })}`;
  return (
    <a
      {...rest}
      href={href}
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}
