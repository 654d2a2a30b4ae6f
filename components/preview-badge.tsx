/** Marks an admin's privacy preview wherever tickets and recordings are listed: no customer is behind it. */
export function PreviewBadge() {
  return (
    <span className="badge badge-preview" title="An admin's privacy preview of a site, not a customer's ticket">
      Preview
    </span>
  );
}
