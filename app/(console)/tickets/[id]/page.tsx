import type { Metadata } from "next";
import { requireUser } from "@/lib/auth";
import { orNotFound } from "@/lib/or-not-found";
import { getSettings } from "@/lib/settings/get-settings";
import { listSites } from "@/lib/sites/list-sites";
import { getTicketRef } from "@/lib/tickets/get-ticket-ref";
import { getTicketDetail } from "@/lib/tickets/get-ticket-detail";
import { TicketView } from "./ticket-view";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  await requireUser(`/tickets/${id}`);
  const ref = await getTicketRef(id);
  return { title: ref ? `Ticket ${ref}` : "Ticket" };
}

export default async function TicketPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/tickets/${id}`);
  const detail = await orNotFound(getTicketDetail({ ticketId: id, viewer: { userId: user.id, role: user.role } }));
  const [sites, settings] = await Promise.all([listSites(), getSettings()]);
  return (
    <TicketView
      initial={detail}
      sites={sites.map((s) => ({ id: s.id, name: s.name, startUrl: s.startUrl, allowedOrigins: s.allowedOrigins }))}
      defaults={{ ttlMinutes: settings.linkTtlMinutes, maxDurationMinutes: settings.maxDurationMinutes }}
      operatorName={settings.operatorName}
    />
  );
}
