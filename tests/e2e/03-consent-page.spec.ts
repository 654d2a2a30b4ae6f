import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { apiClient, createAdminAndApiKey, login, readE2EEnv } from "./helpers";

// The customer's consent page, in a real browser: accessible, bilingual, no JavaScript needed.
test.describe.configure({ mode: "serial" });

let admin: ReturnType<typeof createAdminAndApiKey>;
let api: APIRequestContext;
let siteId: string;

test.beforeAll(async () => {
  admin = createAdminAndApiKey();
  api = await apiClient(admin.key);
  const res = await api.get("/api/v1/sites");
  const { sites } = (await res.json()) as { sites: { id: string; isDemo: boolean }[] };
  siteId = sites.find((s) => s.isDemo)!.id;
});

test.afterAll(async () => {
  await api.dispose();
});

async function newLink() {
  const externalId = `C-${Math.random().toString(36).slice(2, 8)}`;
  const ticket = await (await api.post("/api/v1/tickets", { data: { externalId } })).json();
  const res = await api.post(`/api/v1/tickets/${ticket.ticket.id}/links`, { data: { siteId } });
  expect(res.status()).toBe(201);
  const { link } = await res.json();
  return { externalId, linkId: link.id as string, path: new URL(link.url).pathname };
}

async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

async function linkStatus(linkId: string) {
  return ((await (await api.get(`/api/v1/links/${linkId}`)).json()) as { link: { status: string } }).link.status;
}

test("the consent page states everything required, has equal choices, passes axe, and sets no cookie", async ({ page, context }) => {
  const { externalId, linkId, path } = await newLink();
  const res = await page.goto(path);
  expect(res?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Glimpse demo shop asks to record your visit");
  await expect(page.getByText(`Support ticket ${externalId}`)).toBeVisible();
  for (const text of ["your clicks and your scrolling", "passwords and card numbers", "Images, videos", "support staff working on ticket", "at the latest after 30 days", "Delete recording"]) {
    await expect(page.getByText(text, { exact: false })).toBeVisible();
  }
  const accept = page.getByRole("button", { name: "Accept and start recording" });
  const decline = page.getByRole("button", { name: "Decline" });
  const [a, d] = [await accept.boundingBox(), await decline.boundingBox()];
  expect(Math.abs(a!.width - d!.width)).toBeLessThan(2);
  expect(Math.abs(a!.height - d!.height)).toBeLessThan(2);
  expect(await accept.getAttribute("class")).toBe(await decline.getAttribute("class"));
  await expectNoAxeViolations(page);
  expect(await context.cookies()).toEqual([]);
  expect(await linkStatus(linkId)).toBe("opened");

  await page.getByRole("link", { name: "Français" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Glimpse demo shop demande à enregistrer votre visite");
  await expect(page.getByRole("button", { name: "Refuser" })).toBeVisible();
  await expectNoAxeViolations(page);
});

test("French is chosen from Accept-Language", async ({ browser }) => {
  const context = await browser.newContext({ locale: "fr-FR", extraHTTPHeaders: { "accept-language": "fr-FR,fr;q=0.9" } });
  const page = await context.newPage();
  const { path } = await newLink();
  await page.goto(path);
  const accept = page.getByRole("button", { name: "Accepter et démarrer l'enregistrement" });
  await expect(accept).toBeVisible();
  // The longer French label wraps on narrow screens; both choices must still be the same size.
  for (const width of [1280, 600, 360]) {
    await page.setViewportSize({ width, height: 900 });
    const [a, d] = [await accept.boundingBox(), await page.getByRole("button", { name: "Refuser" }).boundingBox()];
    expect(Math.abs(a!.width - d!.width), `width at ${width}px`).toBeLessThan(2);
    expect(Math.abs(a!.height - d!.height), `height at ${width}px`).toBeLessThan(2);
  }
  await context.close();
});

test("accept works without JavaScript: 303 to the start URL with the grant in the fragment, then delete", async ({ browser, page: jsPage }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const { linkId, path } = await newLink();
  await page.goto(path);
  await page.getByRole("button", { name: "Accept and start recording" }).click();
  await page.waitForURL(/#glimpse=[0-9A-Za-z]{43}$/);
  expect(new URL(page.url()).pathname).toBe("/demo");
  expect(await linkStatus(linkId)).toBe("consented");

  await page.goto(path);
  await expect(page.getByText("You accepted the recording, but it has not started yet.")).toBeVisible();
  // axe needs JavaScript, so the same page is checked in a second, ordinary browser context.
  await jsPage.goto(path);
  await expectNoAxeViolations(jsPage);
  await page.getByRole("button", { name: "Delete my recording" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your recording was deleted");
  expect(await linkStatus(linkId)).toBe("withdrawn");
  expect(await context.cookies()).toEqual([]);
  await context.close();
});

test("decline leads to its own page, and the link cannot be used again", async ({ page }) => {
  const { linkId, path } = await newLink();
  await page.goto(path);
  await page.getByRole("button", { name: "Decline" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("You declined");
  await expectNoAxeViolations(page);
  expect(await linkStatus(linkId)).toBe("declined");
  await page.goto(path);
  await expect(page.getByRole("button", { name: "Accept and start recording" })).toHaveCount(0);
});

test("revoked and unknown links get clear pages, never a stack trace", async ({ page }) => {
  const { linkId, path } = await newLink();
  expect((await api.post(`/api/v1/links/${linkId}/revoke`)).status()).toBe(200);
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This link was cancelled");
  await expectNoAxeViolations(page);

  const res = await page.goto(`/r/${"z".repeat(43)}`);
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This link is not valid");
  await expect(page.getByText("Ce lien n'est pas valable")).toBeVisible();
  await expectNoAxeViolations(page);
});

test("the loader and the recorder are served for cross-origin use, with a short cache", async ({ request }) => {
  for (const asset of ["/g.js", "/recorder.js"]) {
    const res = await request.get(asset);
    expect(res.status()).toBe(200);
    expect(res.headers()["cache-control"]).toBe("public, max-age=300");
    expect(res.headers()["cross-origin-resource-policy"]).toBe("cross-origin");
    expect(res.headers()["access-control-allow-origin"]).toBe("*");
  }
});

test("an admin publishes a new notice version, and new consent pages show it", async ({ page }) => {
  await login(page, admin.email, admin.password);
  await page.goto("/settings/notice");
  const english = page.getByLabel("English");
  await english.fill(`${await english.inputValue()}\n\nPublished by the e2e test: version two.`);
  await page.getByRole("button", { name: "Publish new version" }).click();
  await expect(page.getByRole("status")).toContainText(/Version \d+ published/);
  await expectNoAxeViolations(page);

  const { path } = await newLink();
  await page.goto(path);
  await expect(page.getByText("Published by the e2e test: version two.")).toBeVisible();
  // The suite runs Glimpse at an address that is not localhost, as deployments do.
  expect(new URL(readE2EEnv().GLIMPSE_BASE_URL).hostname).not.toBe("localhost");
});
