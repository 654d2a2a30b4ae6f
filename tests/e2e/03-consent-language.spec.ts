import { createHash } from "node:crypto";
import { expect, test } from "@playwright/test";
import { login } from "./helpers";
import { expectBadge, pressBadgeButton, queryDatabase, requestRecordingLink, ticketRecordings, useOperatorSite } from "./helpers/record-session";

// The customer's language and the site's own notice, from the consent page to the operator's site.
test.describe.configure({ mode: "serial" });

const site = useOperatorSite();

test("a customer who consents in French sees the badge in French on the operator's site, across pages", async ({ browser }) => {
  const context = await browser.newContext({ locale: "fr-FR", extraHTTPHeaders: { "accept-language": "fr-FR,fr;q=0.9" } });
  const page = await context.newPage();
  const link = await requestRecordingLink(site.api, site.siteId);
  await page.goto(link.url);
  await expect(page.getByText("Tout le texte des pages est masqué", { exact: false })).toBeVisible();
  await expect(page.getByText("en sont retirés", { exact: false })).toBeVisible();
  await page.getByRole("button", { name: "Accepter et démarrer l'enregistrement" }).click();
  await page.waitForURL((u) => u.origin === site.operator.origin);

  await expectBadge(page, `Enregistrement pour le ticket d'assistance #${link.externalId} — Terminer · Supprimer l'enregistrement`);
  await page.locator("#to-checkout").click();
  await page.waitForURL((u) => u.pathname === "/checkout");
  await expectBadge(page, `Enregistrement pour le ticket d'assistance #${link.externalId} — Terminer · Supprimer l'enregistrement`);
  await pressBadgeButton(page, "Terminer");
  await expectBadge(page, "Enregistrement terminé. Merci ! — Fermer");

  const [recording] = await ticketRecordings(site.api, link.ticketId);
  expect(recording!.status).toBe("finished");
  const [consent] = queryDatabase<{ language: string }>("SELECT language FROM Consent WHERE linkId = ?", link.linkId);
  expect(consent!.language).toBe("fr");
  await context.close();
});

test("after the site's settings change, the consent page shows the new text, and a page read before the change must be read again", async ({ page, browser }) => {
  const link = await requestRecordingLink(site.api, site.siteId);
  await page.goto(link.url);
  await expect(page.getByText("All text on the pages is hidden", { exact: false })).toBeVisible();
  const [, template, siteVersion] = /^Notice version (\d+)\.(\d+)$/.exec((await page.getByText(/^Notice version /).textContent())!)!;

  // The admin saves the site in the console, in a browser of their own.
  const adminContext = await browser.newContext();
  const adminPage = await adminContext.newPage();
  await login(adminPage, site.admin.email, site.admin.password);
  await adminPage.goto(`/settings/sites/${site.siteId}`);
  await adminPage.getByLabel(/^Unmask text/).fill("nav, h1, label, button, [role=alert]");
  await adminPage.getByRole("button", { name: "Save site" }).click();
  const next = Number(siteVersion) + 1;
  await expect(adminPage.getByRole("status")).toContainText(`Customers who accept from now on read version ${next} of this site's notice`);
  await adminContext.close();

  await page.getByRole("button", { name: "Accept and start recording" }).click();
  await expect(page.getByRole("status")).toHaveText("The notice changed after you opened this page. Please read it again before you choose.");
  const declared = "Interface text the site declared, such as navigation, headings, labels and buttons, is visible. All other text on the pages is hidden.";
  await expect(page.getByText(declared)).toBeVisible();
  await expect(page.getByText("All text on the pages is hidden", { exact: false })).toHaveCount(0);
  await expect(page.getByText(`Notice version ${template}.${next}`)).toBeVisible();
  expect(queryDatabase("SELECT id FROM Consent WHERE linkId = ?", link.linkId)).toHaveLength(0);

  await page.getByRole("button", { name: "Accept and start recording" }).click();
  await page.waitForURL((u) => u.origin === site.operator.origin);
  await expectBadge(page, `Recording for support ticket #${link.externalId} — Finish · Delete recording`);
  const [consent] = queryDatabase<{ siteNoticeVersion: number; configHash: string }>("SELECT siteNoticeVersion, configHash FROM Consent WHERE linkId = ?", link.linkId);
  expect(consent!.siteNoticeVersion).toBe(next);
  await pressBadgeButton(page, "Finish");
  await expectBadge(page, "Recording finished");
  const [recording] = queryDatabase<{ privacy: string }>("SELECT privacy FROM Recording WHERE linkId = ?", link.linkId);
  expect(createHash("sha256").update(recording!.privacy).digest("hex")).toBe(consent!.configHash);
});
