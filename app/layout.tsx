import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Glimpse", template: "%s · Glimpse" },
  description: "Consent-first session replay for customer support",
  robots: { index: false, follow: false },
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
