"use client";

import { useCallback, useEffect, useRef } from "react";

/**
 * rrweb sizes its iframe to the customer's viewport; this scales the wrapper down to fit the
 * stage, and follows viewport changes (rrweb's `resize` event) and stage resizes.
 */
export function useFitReplayer(stage: React.RefObject<HTMLDivElement | null>) {
  const size = useRef({ width: 1024, height: 768 });
  const fit = useCallback(() => {
    const el = stage.current;
    const wrapper = el?.querySelector<HTMLElement>(".replayer-wrapper");
    if (!el || !wrapper) return;
    const { width, height } = size.current;
    const scale = Math.min(el.clientWidth / width, 1);
    wrapper.style.transform = `scale(${scale})`;
    wrapper.style.transformOrigin = "top left";
    // The stage is border-box: its height includes its borders, which the recording must not lose.
    const borders = el.offsetHeight - el.clientHeight;
    el.style.height = `${Math.ceil(height * scale) + borders}px`;
  }, [stage]);
  useEffect(() => {
    const el = stage.current;
    if (!el) return;
    const observer = new ResizeObserver(fit);
    observer.observe(el);
    return () => observer.disconnect();
  }, [stage, fit]);
  return useCallback(
    (dimension?: { width: number; height: number }) => {
      if (dimension && dimension.width > 0 && dimension.height > 0) size.current = dimension;
      fit();
    },
    [fit],
  );
}
