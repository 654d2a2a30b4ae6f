"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";

type TItem = { href: string; label: string };

export function ConsoleNav({ items, userLabel }: { items: TItem[]; userLabel: string }) {
  const pathname = usePathname();
  return (
    <header className="console-header">
      <nav aria-label="Main" className="console-nav">
        <Link href="/tickets" className="console-brand">
          Glimpse
        </Link>
        <ul>
          {items.map((item) => {
            const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
            return (
              <li key={item.href}>
                <Link href={item.href} aria-current={active ? "page" : undefined}>
                  {item.label}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <div className="row">
        <span className="muted">{userLabel}</span>
        <button type="button" className="btn btn-small" onClick={() => signOut({ callbackUrl: "/login" })}>
          Sign out
        </button>
      </div>
    </header>
  );
}

export function SubNav({ items, label }: { items: TItem[]; label: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label={label} className="sub-nav">
      <ul>
        {items.map((item) => (
          <li key={item.href}>
            <Link href={item.href} aria-current={pathname === item.href || pathname.startsWith(`${item.href}/`) ? "page" : undefined}>
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
