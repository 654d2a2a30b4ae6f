import { expect, test } from "@playwright/test";
import { acceptLink, expectBadge, pressBadgeButton, requestRecordingLink, storedEvents, ticketRecordings, useOperatorSite, watchUploads } from "./helpers/record-session";

// Under balanced, page text is recorded; a frame is blocked in every preset, so nothing of what the
// frame's document shows may be recorded. rrweb 2.1.6 serialises a blocked same-origin frame's
// document all the same.
const site = useOperatorSite({ privacyPreset: "balanced" });

test("a blocked same-origin frame is recorded as an empty box: none of its document is uploaded or stored", async ({ page }) => {
  const watch = watchUploads(page);
  const link = await requestRecordingLink(site.api, site.siteId);
  await acceptLink(page, link.url, site.operator, link.externalId);
  await page.goto(site.operator.url("/framed"));
  await expectBadge(page, "Finish");
  const frame = page.frame({ url: (u) => u.pathname === "/checkout" })!;
  await frame.waitForLoadState("load");
  await expect(frame.locator("#to-home")).toHaveText("Back to the shop");
  await frame.evaluate(() => document.body.insertAdjacentHTML("beforeend", "<p id='late'>Added to the frame later</p>"));
  await page.locator("#framed-ping").click();
  await page.waitForTimeout(1_000);
  await pressBadgeButton(page, "Finish");
  await expectBadge(page, "Recording finished");
  await watch.settled();

  const uploaded = watch.uploads.map((u) => u.text).join("\n");
  expect(uploaded).toContain("Ping");
  const [recording] = await ticketRecordings(site.api, link.ticketId);
  const stored = (await storedEvents(site.api, recording!.id)).text;
  for (const text of [uploaded, stored]) {
    expect(text).toContain('"tagName":"iframe"');
    expect(text).not.toContain("Back to the shop");
    expect(text).not.toContain("Added to the frame later");
  }
});
