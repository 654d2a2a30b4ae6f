import { redirect } from "next/navigation";
import { ConsoleNav } from "@/components/console-nav";
import { currentUser } from "@/lib/auth";
import { db } from "@/lib/db";
import "./console.css";

export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const user = await currentUser();
  if (!user) redirect((await db.user.count()) === 0 ? "/setup" : "/login");
  const items = [
    { href: "/tickets", label: "Tickets" },
    ...(user.role === "admin" ? [{ href: "/audit", label: "Audit log" }] : []),
    { href: "/compliance", label: "Compliance" },
    ...(user.role === "admin" ? [{ href: "/settings", label: "Settings" }] : []),
  ];
  return (
    <>
      <a href="#main" className="sr-only">
        Skip to content
      </a>
      <ConsoleNav items={items} userLabel={`${user.name} (${user.role})`} />
      <main id="main" className="console-main">
        {children}
      </main>
    </>
  );
}
