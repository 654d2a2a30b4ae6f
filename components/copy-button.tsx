"use client";

import { useState } from "react";

/** Copies `text`; says so for screen readers too. Falls back to selecting the text. */
export function CopyButton({ text, label = "Copy", targetId }: { text: string; label?: string; targetId?: string }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      const el = targetId ? document.getElementById(targetId) : null;
      if (el) window.getSelection()?.selectAllChildren(el);
    }
  }
  return (
    <button type="button" className="btn btn-small" onClick={copy}>
      {copied ? "Copied" : label}
      <span className="sr-only" aria-live="polite">
        {copied ? "Copied to the clipboard" : ""}
      </span>
    </button>
  );
}
