"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** While the admin is still on their site, the page follows along by itself. */
export function PreviewRefresher({ everyMs = 3000 }: { everyMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), everyMs);
    return () => clearInterval(timer);
  }, [router, everyMs]);
  return null;
}
