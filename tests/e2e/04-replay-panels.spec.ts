import { expect, test, type Locator, type Page } from "@playwright/test";
import { apiClient, createAgentAndApiKey, login } from "./helpers";
import { SECRETS } from "./helpers/operator-site";
import { acceptLink, expectBadge, pressBadgeButton, requestRecordingLink, ticketRecordings, useOperatorSite } from "./helpers/record-session";

// Balanced, so that the button's label is recorded visible and names its click marker.
const site = useOperatorSite({ privacyPreset: "balanced" });

const frame = (page: Page) => page.frameLocator('[data-testid="replay-stage"] iframe');
const playerOffset = async (page: Page) => Number(await page.getByTestId("player-time").getAttribute("data-offset"));
const rowOffset = async (row: Locator) => Number(await row.getAttribute("data-offset"));

/** Where the page's own keyboard focus is: never inside the replay frame. */
const activeElement = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return { tag: el?.tagName ?? null, inStage: !!el?.closest('[data-testid="replay-stage"]'), text: el?.textContent ?? "" };
  });

test("the Console and Network panels list what went wrong, each row seeks, and the replay shows focus without taking the agent's", async ({ browser }) => {
  test.setTimeout(120_000);
  const requester = createAgentAndApiKey();
  const api = await apiClient(requester.key);
  const link = await requestRecordingLink(api, site.siteId);
  const customer = await browser.newContext();
  const shop = await customer.newPage();
  await acceptLink(shop, link.url, site.operator, link.externalId);
  await shop.waitForTimeout(1000);
  // Five clicks into a field before typing is how people get into a field, not a rage click.
  for (let i = 0; i < 5; i++) await shop.locator("#email").click({ delay: 10 });
  await shop.locator("#email").pressSequentially(SECRETS.email, { delay: 5 });
  await shop.waitForTimeout(2500);
  // The stock check fails (503) and the page logs a console error; the button keeps the focus.
  await shop.locator("#stock").click();
  await expect(shop.locator("#stock-result")).toHaveText("Stock: 503");
  await shop.waitForTimeout(2500);
  await shop.locator("#to-checkout").click();
  await shop.waitForURL((u) => u.pathname === "/checkout");
  await expectBadge(shop, "Finish");
  await shop.waitForTimeout(1000);
  await pressBadgeButton(shop, "Finish");
  await expectBadge(shop, "Recording finished");
  await customer.close();
  const [recording] = await ticketRecordings(api, link.ticketId);

  const agent = await browser.newContext();
  const page = await agent.newPage();
  await login(page, requester.email, requester.password);
  await page.goto(`/recordings/${recording!.id}`);
  await expect(frame(page).locator("#stock")).toBeAttached();

  // The timeline: the click names the button, and the clicks into the field are no rage click.
  const markers = page.getByTestId("marker-list");
  await expect(markers.locator('[data-kind="click"]', { hasText: 'button "Check stock"' })).toHaveCount(1);
  await expect(markers.locator('[data-kind="rage-click"]')).toHaveCount(0);

  const tabs = page.getByRole("tablist", { name: "Recording details" });
  await expect(tabs.getByRole("tab", { name: /Timeline/ })).toHaveAttribute("aria-selected", "true");

  // Console: the error's row, as text.
  await tabs.getByRole("tab", { name: /Console/ }).click();
  const consoleRow = page.getByTestId("panel-console").getByTestId("console-row").first();
  await expect(consoleRow).toBeVisible();
  await expect(consoleRow.locator(".entry-level")).toHaveText("error");
  await expect(page.getByTestId("panel-console")).not.toContainText(SECRETS.consoleText);

  // Keyboard: the arrow keys move between tabs (and do not step the replay).
  await tabs.getByRole("tab", { name: /Console/ }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(tabs.getByRole("tab", { name: /Network/ })).toHaveAttribute("aria-selected", "true");
  await expect(tabs.getByRole("tab", { name: /Network/ })).toBeFocused();
  const networkRow = page.getByTestId("panel-network").getByTestId("network-row").first();
  await expect(networkRow).toBeVisible();
  await expect(networkRow.locator(".entry-method")).toHaveText("GET");
  await expect(networkRow.locator(".entry-path")).toHaveText("/api/stock");
  await expect(networkRow.locator(".entry-status")).toHaveText("503");
  await expect(networkRow.locator(".entry-duration")).toHaveText(/^\d+ ms$/);
  await expect(page.getByTestId("panel-network")).not.toContainText("sku=");

  // Let the replay play to its end first, so the clock is far from the rows' moments.
  await expect(page.getByRole("button", { name: "Pause" })).toBeVisible();
  await page.getByRole("button", { name: "4×" }).click();
  await expect(page.getByRole("button", { name: "Play" })).toBeVisible({ timeout: 40_000 });
  const end = await playerOffset(page);
  expect(await activeElement(page)).toMatchObject({ tag: "BUTTON", inStage: false, text: "4×" });

  // A row seeks the replay to its moment: the clock shows it, and the frame shows the page then.
  const networkAt = await rowOffset(networkRow);
  expect(Math.abs(end - networkAt)).toBeGreaterThan(1000);
  await networkRow.click();
  await expect.poll(() => playerOffset(page)).toBe(networkAt);
  await expect(networkRow).toHaveAttribute("aria-current", "true");
  await expect(frame(page).locator("#to-checkout")).toBeAttached();

  // Rows are buttons: the keyboard seeks too.
  await tabs.getByRole("tab", { name: /Console/ }).click();
  const consoleAt = await rowOffset(consoleRow);
  await consoleRow.focus();
  await page.keyboard.press("Enter");
  await expect.poll(() => playerOffset(page)).toBe(consoleAt);

  // Focus: the element the customer had focused (the stock button they had just clicked) is marked in the replay…
  const focused = frame(page).locator("[data-glimpse-replay-focus]");
  await expect(focused).toHaveCount(1);
  await expect(focused).toHaveAttribute("id", "stock");
  await expect(focused).toHaveCSS("outline-style", "solid");
  // …and, at the click into the field, the email field.
  await tabs.getByRole("tab", { name: /Timeline/ }).click();
  await markers.locator('[data-kind="click"]', { hasText: "textbox" }).click();
  await expect(focused).toHaveAttribute("id", "email");
  await expect(frame(page).locator("#stock")).not.toHaveAttribute("data-glimpse-replay-focus");

  // The page's own focus stays with the agent, on the marker they chose: never in the frame.
  expect(await activeElement(page)).toMatchObject({ tag: "BUTTON", inStage: false, text: expect.stringContaining("textbox") });
  const inFrame = await frame(page).locator("html").evaluate((html) => html.ownerDocument.activeElement?.tagName ?? null);
  expect(inFrame === null || inFrame === "BODY").toBe(true);

  await agent.close();
  await api.dispose();
});

test("the timeline names hash routes (scrubbed, without their query) and reloads as navigations", async ({ browser }) => {
  test.setTimeout(90_000);
  const requester = createAgentAndApiKey();
  const api = await apiClient(requester.key);
  const link = await requestRecordingLink(api, site.siteId, { startUrl: site.operator.url("/spa") });
  const customer = await browser.newContext();
  const shop = await customer.newPage();
  await acceptLink(shop, link.url, site.operator, link.externalId);
  await expect(shop.locator("#home")).toBeVisible();
  await shop.waitForTimeout(1000);
  await shop.locator("#nav-orders").click();
  await expect(shop.locator("#orders")).toBeVisible();
  await shop.waitForTimeout(1000);
  // A query inside the route is not part of the page: no navigation, and it is never sent.
  await shop.evaluate((email) => void (location.hash = `#/orders?q=${encodeURIComponent(email)}`), SECRETS.email);
  await shop.waitForTimeout(1000);
  await shop.reload();
  await expectBadge(shop, "Finish");
  await expect(shop.locator("#orders")).toBeVisible();
  await shop.waitForTimeout(1500);
  await pressBadgeButton(shop, "Finish");
  await expectBadge(shop, "Recording finished");
  await customer.close();
  const [recording] = await ticketRecordings(api, link.ticketId);

  const agent = await browser.newContext();
  const page = await agent.newPage();
  await login(page, requester.email, requester.password);
  await page.goto(`/recordings/${recording!.id}`);
  const navigations = page.getByTestId("marker-list").locator('[data-kind="navigation"] .marker-label');
  const spa = site.operator.url("/spa");
  await expect(navigations).toHaveText([`${spa}#/`, `${spa}#/orders`, `Reload ${spa}#/orders`]);
  await expect(page.getByTestId("marker-list")).not.toContainText("q=");

  const events = await api.get(`/api/v1/recordings/${recording!.id}/events`);
  const text = await events.text();
  expect(text).toContain(`${spa}#/orders`);
  expect(text).not.toContain("q=");
  expect(text).not.toContain(SECRETS.email);
  expect(text).not.toContain(encodeURIComponent(SECRETS.email));
  await agent.close();
  await api.dispose();
});

test("live: the Console and Network panels fill in as the customer's page fails, without rows to seek", async ({ browser }) => {
  test.setTimeout(90_000);
  const requester = createAgentAndApiKey();
  const api = await apiClient(requester.key);
  const link = await requestRecordingLink(api, site.siteId);
  const customer = await browser.newContext();
  const shop = await customer.newPage();
  await acceptLink(shop, link.url, site.operator, link.externalId);
  const [recording] = await ticketRecordings(api, link.ticketId);

  const agent = await browser.newContext();
  const page = await agent.newPage();
  await login(page, requester.email, requester.password);
  await page.goto(`/recordings/${recording!.id}`);
  await expect(page.getByTestId("live-state")).toHaveAttribute("data-state", "live", { timeout: 20_000 });
  const tabs = page.getByRole("tablist", { name: "Recording details" });
  await expect(tabs.getByRole("tab")).toHaveText([/Console/, /Network/]);
  await expect(page.getByTestId("panel-console")).toContainText("No console messages recorded.");

  await shop.locator("#stock").click();
  await expect(shop.locator("#stock-result")).toHaveText("Stock: 503");
  await expect(page.getByTestId("panel-console").getByTestId("console-row")).toHaveCount(1, { timeout: 15_000 });
  await expect(page.getByTestId("panel-console").locator("button")).toHaveCount(0);
  await tabs.getByRole("tab", { name: /Network/ }).click();
  await expect(page.getByTestId("panel-network").getByTestId("network-row")).toContainText("/api/stock");
  await expect(page.getByTestId("panel-network").getByTestId("network-row")).toContainText("503");

  await pressBadgeButton(shop, "Finish");
  await expectBadge(shop, "Recording finished");
  await customer.close();
  await agent.close();
  await api.dispose();
});
