import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { RefObject } from 'preact';

/** An element's width in CSS pixels, followed with a ResizeObserver (0 until it is laid out). */
export function useWidth<T extends HTMLElement>(): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(Math.floor(el.clientWidth));
    const observer = new ResizeObserver(() => setWidth(Math.floor(el.clientWidth)));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

/**
 * The width a chart fetches its points for (maxPoints): the element's width once laid out, then again only when the
 * element grows or shrinks by more than half of it (a few pixels of resizing fetch nothing).
 */
export function useFetchWidth(width: number): number {
  const [fetchWidth, setFetchWidth] = useState(0);
  useLayoutEffect(() => {
    if (width > 0 && (fetchWidth === 0 || Math.abs(width - fetchWidth) > fetchWidth / 2)) setFetchWidth(width);
  }, [width]);
  return fetchWidth;
}
