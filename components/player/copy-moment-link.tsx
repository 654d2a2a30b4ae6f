"use client";

import { useEffect, useRef, useState } from "react";
import { flushSync } from "react-dom";
import { momentUrl } from "@/lib/recordings/moment";
import { formatClock } from "./seek-bar";

type TCopied = { url: string; at: string; copied: boolean; field: boolean };

/**
 * "Copy link to this moment". Where the clipboard API is missing (an origin that is not secure) or
 * refuses, the link is shown in a field, selected, and copied the older way if the browser lets it.
 */
export function CopyMomentLink({ recordingId, offsetMs }: { recordingId: string; offsetMs: number }) {
  const [result, setResult] = useState<TCopied | null>(null);
  const fieldRef = useRef<HTMLInputElement>(null);
  const hide = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(hide.current), []);

  async function copy() {
    clearTimeout(hide.current);
    const url = momentUrl(window.location.origin, recordingId, offsetMs);
    const at = formatClock(offsetMs);
    if (navigator.clipboard?.writeText) {
      try {
        await navigator.clipboard.writeText(url);
        setResult({ url, at, copied: true, field: false });
        hide.current = setTimeout(() => setResult((r) => (r?.field ? r : null)), 4000);
        return;
      } catch {
        // Refused (no permission, document not focused): the field below.
      }
    }
    flushSync(() => setResult({ url, at, copied: false, field: true }));
    const field = fieldRef.current;
    field?.focus();
    field?.select();
    let copied = false;
    try {
      copied = document.execCommand("copy");
    } catch {
      copied = false;
    }
    setResult({ url, at, copied, field: true });
  }

  return (
    <div className="moment-copy">
      <button type="button" className="btn btn-small" onClick={() => void copy()}>
        Copy link to this moment
      </button>
      <span className="moment-copy-status" role="status" data-testid="moment-copy-status">
        {result ? (result.copied ? `Link to ${result.at} copied.` : `Press Ctrl+C (⌘C) to copy the link to ${result.at}.`) : ""}
      </span>
      {result?.field && (
        <span className="moment-copy-field">
          <input
            ref={fieldRef}
            type="text"
            readOnly
            value={result.url}
            aria-label={`Link to ${result.at}`}
            data-testid="moment-link-field"
            onFocus={(e) => e.currentTarget.select()}
          />
          <button type="button" className="btn btn-small" aria-label="Close the link" onClick={() => setResult(null)}>
            ×
          </button>
        </span>
      )}
    </div>
  );
}
