import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { login } from "./helpers";
import { SECRETS } from "./helpers/operator-site";
import { expectBadge, storedEvents, pressBadgeButton, typeSecrets, useOperatorSite, watchUploads } from "./helpers/record-session";

// Balanced, with the site's own mask selector on the loyalty line: the heading is recorded in
// clear, the loyalty line and everything typed are masked.
const site = useOperatorSite({ privacyPreset: "balanced", maskSelectors: "#loyalty" });

const frame = (page: Page) => page.frameLocator('[data-testid="replay-stage"] iframe');

test("an admin previews their own site through the preview link, then sees the replay and every text it kept", async ({ page, context }) => {
  test.setTimeout(120_000);
  await login(page, site.admin.email, site.admin.password);
  await page.goto(`/settings/sites/${site.siteId}`);
  await page.getByRole("button", { name: "Preview what agents see" }).click();
  const started = page.getByTestId("preview-started");
  await expect(started).toBeVisible();
  const previewPath = new URL((await started.getByRole("link", { name: "See what agents see" }).getAttribute("href"))!, page.url()).pathname;
  const previewId = previewPath.split("/").pop()!;

  // The link opens the consent page in a new tab, which says whose preview this is.
  const opened = context.waitForEvent("page");
  await started.getByRole("link", { name: /through the preview link/ }).click();
  const tab = await opened;
  const watch = watchUploads(tab);
  await expect(tab.getByTestId("preview-notice")).toContainText(`This is a privacy preview by ${site.admin.name}`);
  const axe = await new AxeBuilder({ page: tab }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  await tab.getByRole("button", { name: "Accept and start recording" }).click();
  await tab.waitForURL((u) => u.origin === site.operator.origin);
  await expectBadge(tab, /Recording for support ticket #/);

  // Recorded exactly as a customer would be, on the second origin.
  await typeSecrets(tab);
  await tab.locator("#stock").click();
  await expect(tab.locator("#stock-result")).toHaveText("Stock: 503");
  await tab.locator("#to-checkout").click();
  await tab.waitForURL((u) => u.pathname === "/checkout");
  await expectBadge(tab, "Finish");
  await pressBadgeButton(tab, "Finish");
  await expectBadge(tab, "Recording finished");
  await watch.settled();
  expect(watch.uploads.length).toBeGreaterThan(0);
  await tab.close();

  await started.getByRole("link", { name: "See what agents see" }).click();
  await page.waitForURL((u) => u.pathname === previewPath);
  await expect(page.getByTestId("preview-state")).toHaveText("ready");
  await expect(frame(page).locator("#to-checkout")).toBeAttached();

  const list = page.getByTestId("visible-texts");
  await expect(list).toBeVisible();
  const texts = await list.locator("[data-visible-text]").allInnerTexts();
  expect(texts).toContain("Canary Outfitters");
  expect(texts).toContain("Check stock");
  const all = texts.join("\n");
  for (const secret of [SECRETS.pageText, SECRETS.name, SECRETS.email, SECRETS.card, SECRETS.password, SECRETS.hiddenValue]) {
    expect(all, secret).not.toContain(secret);
  }
  // The list is what was stored: the decrypted events hold the heading, and none of what it leaves out.
  const ticket = (await (await site.api.get(`/api/v1/tickets/${previewId}`)).json()) as { ticket: { externalId: string; preview: boolean }; recordings: { id: string }[] };
  expect(ticket.ticket.preview).toBe(true);
  const { text: stored } = await storedEvents(site.api, ticket.recordings[0]!.id);
  expect(stored).toContain("Canary Outfitters");
  for (const secret of [SECRETS.pageText, SECRETS.name, SECRETS.email, SECRETS.password]) expect(stored.includes(secret), secret).toBe(false);

  // Loosen the unmask list from here; it is validated like the site's settings form.
  const unmask = page.getByLabel("Unmask text (CSS selectors)");
  await unmask.fill("h1, <script>");
  await page.getByRole("button", { name: "Save unmask list" }).click();
  await expect(page.locator(".notice-error")).toContainText("unmaskSelectors: must be CSS selectors");
  await unmask.fill("nav, h1, label, button");
  await page.getByRole("button", { name: "Save unmask list" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  const saved = (await (await site.api.get(`/api/v1/sites/${site.siteId}`)).json()) as { site: { unmaskSelectors: string } };
  expect(saved.site.unmaskSelectors).toBe("nav, h1, label, button");

  // The audit log marks every step as a preview, and its chain holds.
  await page.goto(`/audit?ticketId=${previewId}`);
  for (const action of ["ticket.created", "link.created", "recording.started"]) {
    await expect(page.locator(`tr[data-action="${action}"]`), action).toContainText("preview: true");
  }
  const audit = (await (await site.api.get(`/api/v1/audit?ticketId=${previewId}&limit=100`)).json()) as { entries: { action: string; details: Record<string, unknown> }[] };
  expect(audit.entries.find((e) => e.action === "recording.started")?.details).toMatchObject({ preview: true, preset: "balanced" });

  // In the ticket list it reads as a preview, not as a customer's ticket.
  await page.goto(`/tickets?q=${encodeURIComponent(ticket.ticket.externalId)}`);
  const row = page.locator("tr", { has: page.locator(`a[href="/tickets/${previewId}"]`) });
  await expect(row).toContainText("Preview");
  await expect(row).toContainText("Privacy preview of");
});
