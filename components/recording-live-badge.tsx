/**
 * "The customer is recording now", for pages that list recordings (the ticket page). Render it
 * for a recording whose status is "live"; it links to the live view. A plain link, not
 * next/link: the recording page must be loaded as a document so its own, stricter CSP applies.
 */
export function RecordingLiveBadge({ recordingId }: { recordingId: string }) {
  return (
    <a href={`/recordings/${recordingId}`} className="badge badge-live recording-live-badge" data-testid="recording-live-badge">
      <span aria-hidden="true">● </span>
      Customer is recording now — watch live
    </a>
  );
}
