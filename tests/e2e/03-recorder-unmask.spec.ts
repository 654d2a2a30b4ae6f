import { expect, test } from "@playwright/test";
import { ACCOUNT_UNMASK_SELECTORS, SECRETS } from "./helpers/operator-site";
import {
  acceptLink,
  databaseBytes,
  expectBadge,
  pressBadgeButton,
  requestRecordingLink,
  storedEvents,
  ticketRecordings,
  typeSecrets,
  useOperatorSite,
  watchUploads,
} from "./helpers/record-session";

const site = useOperatorSite({ privacyPreset: "strict", unmaskSelectors: ACCOUNT_UNMASK_SELECTORS });

const canaries = [...Object.values(SECRETS), SECRETS.card.replace(/ /g, ""), "Zelda", "Quixote"];
const leaked = (text: string) => canaries.filter((c) => text.includes(c));

test("under strict with unmask selectors the agent reads the interface, and no displayed or typed personal value reaches Glimpse", async ({ page }) => {
  const watch = watchUploads(page);
  const link = await requestRecordingLink(site.api, site.siteId, { startUrl: site.operator.url("/account") });
  await acceptLink(page, link.url, site.operator, link.externalId);
  await expect(page.locator("#displayed-name")).toHaveText(SECRETS.name);
  // The page's snapshot is stored first, so the server places the alert's later change with what that batch said.
  await expect.poll(() => watch.acked.size, { timeout: 15_000 }).toBeGreaterThan(0);

  await typeSecrets(page);
  await page.locator("#save").click();
  await expect(page.getByRole("alert")).toHaveText(`Could not save the details for ${SECRETS.email}`);
  await expectBadge(page, "Finish");
  await pressBadgeButton(page, "Finish");
  await expectBadge(page, "Recording finished");
  await watch.settled();
  const [recording] = await ticketRecordings(site.api, link.ticketId);
  expect(recording!.status).toBe("finished");

  for (const upload of watch.uploads) expect(leaked(upload.text), `upload ${upload.seq}`).toEqual([]);

  const stored = await storedEvents(site.api, recording!.id);
  expect(leaked(stored.text)).toEqual([]);
  const texts: string[] = [];
  const walk = (node: any) => {
    if (typeof node?.textContent === "string") texts.push(node.textContent);
    for (const child of node?.childNodes ?? []) walk(child);
  };
  for (const e of stored.events) {
    if (e.type === 2) walk(e.data.node);
    if (e.type === 3 && e.data.source === 0) {
      for (const add of e.data.adds) walk(add.node);
      for (const t of e.data.texts) texts.push(t.value);
    }
  }
  // The declared interface text, readable: heading, navigation, labels, the button, and the alert with its email scrubbed.
  for (const visible of ["Your account", "Account settings", "Card number", "Password", "Save details", "Could not save the details for [email]"]) {
    expect(texts, visible).toContain(visible);
  }
  // Outside the declared regions, text keeps its shape and loses its letters.
  expect(texts).toContain("***** *************");
  expect(texts).toContain("****** ** ** ");
  expect(texts).toContain("******* ****** ***** **** ** ************");
  const inputs = stored.events.filter((e) => e.type === 3 && e.data.source === 5);
  expect(inputs.length).toBeGreaterThan(0);
  expect(new Set(inputs.map((e) => e.data.text))).toEqual(new Set(["********"]));

  expect(leaked(databaseBytes().toString("latin1"))).toEqual([]);
});
