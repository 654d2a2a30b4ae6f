"use client";

import { useCallback, useState } from "react";
import { errorMessage } from "./api-fetch";

export type TFlash = { kind: "ok" | "error"; text: string } | null;

/**
 * One console action at a time: `busy` while it runs, then its success text or the API's error
 * message in `message`. `run` resolves to whether the action succeeded.
 */
export function useApiAction() {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<TFlash>(null);
  const run = useCallback(async (action: () => Promise<string | void>) => {
    setBusy(true);
    setMessage(null);
    try {
      const ok = await action();
      if (ok) setMessage({ kind: "ok", text: ok });
      return true;
    } catch (e) {
      setMessage({ kind: "error", text: errorMessage(e) });
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, message, setMessage, run };
}

/** The outcome of the last action, announced to screen readers. */
export function Flash({ message }: { message: TFlash }) {
  if (!message) return null;
  return (
    <p role={message.kind === "error" ? "alert" : "status"} className={`notice notice-${message.kind}`}>
      {message.text}
    </p>
  );
}
