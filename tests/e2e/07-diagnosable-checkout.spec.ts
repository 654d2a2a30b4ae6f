import { expect, test, type APIRequestContext } from "@playwright/test";
import { OPERATOR_PORT } from "../../playwright.config";
import { readE2EEnv } from "./helpers";
import { FACTS, PERSONAL, startCheckoutSite, UNMASK_SELECTORS, type TCheckoutSite } from "./helpers/checkout-site";
import { databaseBytes, expectBadge, pressBadgeButton, requestRecordingLink, storedEvents, ticketRecordings, watchUploads } from "./helpers/record-session";
import { apiClient, createAdminAndApiKey } from "./helpers/seed";

// What an agent can learn from a recording of a failed checkout, and what personal values reached
// Glimpse, for each privacy configuration.
const CONFIGURATIONS = [
  { name: "strict", privacyPreset: "strict", unmaskSelectors: "" },
  { name: "strict + unmask selectors", privacyPreset: "strict", unmaskSelectors: UNMASK_SELECTORS },
  { name: "balanced", privacyPreset: "balanced", unmaskSelectors: "" },
] as const;

const personalValues = Object.entries({ ...PERSONAL, typedCardDigits: PERSONAL.typedCard.replace(/ /g, "") });
const found = (text: string) => new Set(personalValues.filter(([, value]) => text.includes(value)).map(([key]) => key.replace("Digits", "")));

let checkout: TCheckoutSite;
let api: APIRequestContext;

test.beforeAll(async () => {
  checkout = await startCheckoutSite({ port: OPERATOR_PORT + 5, glimpseBase: readE2EEnv().GLIMPSE_BASE_URL });
  api = await apiClient(createAdminAndApiKey().key);
});

test.afterAll(async () => {
  await api?.dispose();
  await checkout?.close();
});

for (const { name, ...privacy } of CONFIGURATIONS) {
  test(`failed checkout under ${name}: what the agent reads, and what never reaches Glimpse`, async ({ page }) => {
    const siteRes = await api.post("/api/v1/sites", {
      data: { name: `Checkout ${name}`, allowedOrigins: [checkout.origin], startUrl: checkout.url("pending"), ...privacy },
    });
    expect(siteRes.status(), await siteRes.text()).toBe(201);
    const { site } = (await siteRes.json()) as { site: { id: string; siteKey: string } };
    const patch = await api.patch(`/api/v1/sites/${site.id}`, { data: { startUrl: checkout.url(site.siteKey) } });
    expect(patch.status(), await patch.text()).toBe(200);

    const watch = watchUploads(page);
    const link = await requestRecordingLink(api, site.id);
    await page.goto(link.url);
    await page.getByRole("button", { name: "Accept and start recording" }).click();
    await page.waitForURL((u) => u.origin === checkout.origin);
    await expectBadge(page, `Recording for support ticket #${link.externalId}`);

    await page.locator("#name").pressSequentially(PERSONAL.typedName, { delay: 5 });
    await page.locator("#card").pressSequentially(PERSONAL.typedCard, { delay: 5 });
    await page.locator("#password").pressSequentially(PERSONAL.typedPassword, { delay: 5 });
    await page.getByRole("button", { name: "Pay now" }).click();
    await expect(page.getByRole("alert")).toContainText("Your card was declined");
    await pressBadgeButton(page, "Finish");
    await expectBadge(page, "Recording finished");
    await watch.settled();

    const [recording] = await ticketRecordings(api, link.ticketId);
    expect(recording?.status).toBe("finished");
    const events = (await storedEvents(api, recording!.id)).text;
    const metadataRes = await api.get(`/api/v1/recordings/${recording!.id}`);
    expect(metadataRes.status()).toBe(200);
    const metadata = await metadataRes.text();
    const agentView = `${events}\n${metadata}`;

    const reached = new Set([
      ...found(watch.uploads.map((u) => u.text).join("\n")),
      ...found(agentView),
      ...found(databaseBytes().toString("latin1")),
      ...found(databaseBytes().toString("utf8")),
    ]);
    const facts = FACTS.filter((f) => f.found(agentView)).map((f) => f.name);
    // One row of the table: | configuration | facts the agent reads | personal values that reached Glimpse |
    console.log(`| ${name} | ${facts.length} of ${FACTS.length} | ${reached.size} of ${Object.keys(PERSONAL).length}${reached.size ? ` (${[...reached].join(", ")})` : ""} |`);

    // Whatever the configuration: nothing typed, and no email, in the uploads, the API, the database or its WAL.
    expect([...reached].filter((key) => key !== "displayedName")).toEqual([]);
    if (name !== "balanced") expect([...reached]).toEqual([]);
    if (name === "strict + unmask selectors") {
      expect(FACTS.filter((f) => !f.found(agentView)).map((f) => f.name)).toEqual([]);
      expect(agentView).toContain("[email]");
    }
  });
}
