import { SubNav } from "@/components/console-nav";
import { requireUser } from "@/lib/auth";

const ITEMS = [
  { href: "/settings/sites", label: "Sites" },
  { href: "/settings/team", label: "Team" },
  { href: "/settings/api-keys", label: "API keys" },
  { href: "/settings/retention", label: "Retention & links" },
  { href: "/settings/integrations", label: "Integrations" },
  { href: "/settings/notice", label: "Consent notice" },
];

export default async function SettingsLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser("/settings");
  if (user.role !== "admin") {
    return (
      <div className="stack">
        <h1>Settings</h1>
        <p className="notice">Only admins can change settings. Ask an admin if something needs to change.</p>
      </div>
    );
  }
  return (
    <div>
      <h1>Settings</h1>
      <SubNav items={ITEMS} label="Settings" />
      {children}
    </div>
  );
}
