"use client";

import { useEffect, useRef } from "react";

type TKeys = {
  togglePlay: () => void;
  step: (ms: number) => void;
  nextMarker: () => void;
  previousMarker: () => void;
  stepMs: number;
};

/** Space plays and pauses, arrows step, N and P jump between markers; not while typing. */
export function usePlayerKeys(keys: TKeys) {
  const ref = useRef(keys);
  ref.current = keys;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      const target = event.target as HTMLElement | null;
      const tag = target?.tagName ?? "";
      if (["INPUT", "TEXTAREA", "SELECT"].includes(tag) || target?.isContentEditable) return;
      const k = ref.current;
      if (event.key === " " || event.key === "k") {
        if (tag === "BUTTON" && event.key === " ") return; // the button's own activation
        k.togglePlay();
      } else if (event.key === "ArrowRight") k.step(event.shiftKey ? k.stepMs * 6 : k.stepMs);
      else if (event.key === "ArrowLeft") k.step(-(event.shiftKey ? k.stepMs * 6 : k.stepMs));
      else if (event.key === "n" || event.key === "N") k.nextMarker();
      else if (event.key === "p" || event.key === "P") k.previousMarker();
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
