import type { CSSProperties } from "react";

/** An action's error, announced to screen readers as it appears. */
export function FormError({ message, style }: { message: string | null | undefined; style?: CSSProperties }) {
  if (!message) return null;
  return (
    <p role="alert" className="notice notice-error" style={style}>
      {message}
    </p>
  );
}
