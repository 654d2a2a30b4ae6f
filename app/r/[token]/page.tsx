import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { openConsentPage } from "@/lib/consent/open-consent-page";
import { pickLanguage } from "@/lib/consent/pick-language";
import { CONSENT_COPY } from "./consent-copy";
import { ConsentView } from "./consent-view";

// It reads the database before any request API, so Next would otherwise prerender it at build.
export const dynamic = "force-dynamic";

type TProps = { params: Promise<{ token: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };


async function language(searchParams: TProps["searchParams"]) {
  const sp = await searchParams;
  return pickLanguage(sp.lang, (await headers()).get("accept-language"));
}

export async function generateMetadata({ searchParams }: TProps): Promise<Metadata> {
  return { title: CONSENT_COPY[await language(searchParams)].pageTitle, referrer: "no-referrer" };
}

// GET /r/:token – the customer's consent page; the token is the only credential
export default async function ConsentPage({ params, searchParams }: TProps) {
  const { token } = await params;
  const lang = await language(searchParams);
  const sp = await searchParams;
  const page = await openConsentPage({ token, language: lang });
  if (page.kind === "unknown") notFound();
  return <ConsentView page={page} token={token} language={lang} changed={sp.changed === "1"} failed={sp.error === "1"} />;
}
