import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { getSettings } from "@/lib/settings/get-settings";
import { listSites } from "@/lib/sites/list-sites";
import { ticketRef } from "@/lib/tickets/ticket-ref";
import { getTicketDetail } from "@/lib/tickets/get-ticket-detail";
import { TicketView } from "./ticket-view";

export const dynamic = "force-dynamic";
export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  await requireUser(`/tickets/${id}`);
  const ticket = await db.ticket.findUnique({ where: { id }, select: { source: true, externalId: true } });
  return { title: ticket ? `Ticket ${ticketRef(ticket)}` : "Ticket" };
}

export default async function TicketPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/tickets/${id}`);
  const detail = await getTicketDetail(id, { userId: user.id, role: user.role }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
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
