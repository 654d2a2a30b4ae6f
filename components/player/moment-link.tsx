"use client";

import type { MouseEvent } from "react";
import { eventMoment, formatMoment } from "@/lib/recordings/moment";
import { formatClock } from "./seek-bar";

type TProps = {
  recordingId: string;
  /** The row's time from the recording's start. */
  offsetMs: number;
  /** Without it (the live view) the link simply opens the page at that moment. */
  onSeek?: (offsetMs: number) => void;
};

/** A row's link to its moment, to copy or open elsewhere; a plain click seeks there and puts the link in the address bar. */
export function MomentLink({ recordingId, offsetMs, onSeek }: TProps) {
  const moment = eventMoment(offsetMs);
  const href = `/recordings/${encodeURIComponent(recordingId)}?t=${formatMoment(moment)}`;
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (!onSeek || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    onSeek(moment);
    window.history.replaceState(window.history.state, "", href);
  };
  return (
    <a
      className="moment-link"
      href={href}
      onClick={onClick}
      data-testid="moment-link"
      aria-label={`Link to ${formatClock(moment)}`}
      title={`Link to ${formatClock(moment)}: copy it or open it`}
    >
      Link
    </a>
  );
}
