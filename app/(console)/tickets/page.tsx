import type { Metadata } from "next";
import { requireUser } from "@/lib/auth";
import { listTickets, ZListTicketsQuery } from "@/lib/tickets/list-tickets";
import { TicketsView } from "./tickets-view";

export const metadata: Metadata = { title: "Tickets" };

export default async function TicketsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireUser("/tickets");
  const sp = await searchParams;
  const status = sp.status === "open" || sp.status === "resolved" ? sp.status : undefined;
  const q = typeof sp.q === "string" ? sp.q.trim().slice(0, 200) : "";
  const query = ZListTicketsQuery.parse({ status, q: q || undefined, limit: 100 });
  const tickets = await listTickets(query);
  return <TicketsView tickets={tickets} status={status ?? ""} q={q} />;
}
