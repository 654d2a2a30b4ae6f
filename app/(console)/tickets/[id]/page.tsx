import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AppError } from "@/lib/errors";
import { getSettings } from "@/lib/settings/get-settings";
import { listSites } from "@/lib/sites/list-sites";
import { getTicketDetail } from "@/lib/tickets/get-ticket-detail";
import { TicketView } from "./ticket-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Ticket" };

export default async function TicketPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const detail = await getTicketDetail(id).catch((error: unknown) => {
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
