import { ConsoleNav } from "@/components/console-nav";
import { requireUser } from "@/lib/auth";
import "./console.css";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
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
