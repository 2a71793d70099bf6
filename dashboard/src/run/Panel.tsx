import type { ComponentChildren } from 'preact';

/** A titled panel of the run page (a landmark named by its heading). */
export function Panel(props: { id: string; title: string; class?: string; actions?: ComponentChildren; children: ComponentChildren }) {
  return (
    <section class={`panel run-panel ${props.class ?? ''}`} id={`panel-${props.id}`} aria-labelledby={`${props.id}-title`}>
      <div class="panel-head">
        <h3 id={`${props.id}-title`}>{props.title}</h3>
        {props.actions}
      </div>
      {props.children}
    </section>
  );
}
