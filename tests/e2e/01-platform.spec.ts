import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { apiClient, createAgentAndApiKey, login, readE2EEnv } from "./helpers";

// Runs first, on a fresh database: the first visitor sets Glimpse up.
test.describe.configure({ mode: "serial" });

const admin = { name: "Ada Admin", email: "ada@e2e.test", password: "a very long admin password" };

async function auditActionsFor(page: Page, ticketRef: string) {
  await page.goto(`/audit?ticketId=${encodeURIComponent(ticketRef)}`);
  return page.locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-action")));
}

test("first run: / leads to /setup, which creates the first admin and signs them in", async ({ page, browser, baseURL }) => {
  // Typed before the page's script has run, the form is not sent: the browser would send it as a GET, passwords in the URL.
  const noScript = await browser.newContext({ baseURL, javaScriptEnabled: false });
  const early = await noScript.newPage();
  const urls: string[] = [];
  early.on("request", (r) => urls.push(r.url()));
  await early.goto("/setup");
  await expect(early.getByRole("button", { name: "Create admin account" })).toBeDisabled();
  await early.getByLabel("Your name").fill(admin.name);
  await early.getByLabel("Email").fill(admin.email);
  await early.getByLabel("Password", { exact: true }).fill(admin.password);
  await early.getByLabel("Confirm password").fill(admin.password);
  await early.getByLabel("Confirm password").press("Enter");
  await early.waitForTimeout(1_000);
  expect(urls.filter((u) => u.includes("password"))).toEqual([]);
  await noScript.close();

  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await page.getByLabel("Your name").fill(admin.name);
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password", { exact: true }).fill(admin.password);
  await page.getByLabel("Confirm password").fill(admin.password);
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page).toHaveURL(/\/tickets$/);
  await expect(page.getByRole("heading", { name: "Tickets" })).toBeVisible();
  await expect(page.getByText(`${admin.name} (admin)`)).toBeVisible();

  // Set-up happens once.
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/tickets$/);
});

test("a wrong password shows an error and does not sign in", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill("not the password at all");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator('p[role="alert"]')).toHaveText(/Wrong email or password/);
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/tickets");
  await expect(page).toHaveURL(/\/login/);
});

test("ticket → request a link → pending → revoke → every step in the audit log", async ({ page }) => {
  await login(page, admin.email, admin.password);

  await page.getByLabel("Ticket id").first().fill("E2E-1001");
  await page.getByLabel("Subject (optional)").fill("Checkout button does nothing");
  await page.getByRole("button", { name: "Create ticket" }).click();
  await expect(page.getByRole("heading", { name: /Ticket manual:E2E-1001/ })).toBeVisible();
  const ticketUrl = page.url();

  await page.getByRole("button", { name: "Request a recording" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByLabel("Site")).toHaveValue(/.+/);
  await expect(dialog.getByLabel("Start URL")).toHaveValue(`${readE2EEnv().GLIMPSE_BASE_URL}/demo`);
  await dialog.getByLabel("Link lifetime").selectOption({ label: "4 hours" });
  await dialog.getByLabel("Maximum recording length").selectOption({ label: "10 minutes" });
  await dialog.getByRole("button", { name: "Create link" }).click();

  const url = (await dialog.getByTestId("created-link-url").textContent())!.trim();
  expect(url).toMatch(new RegExp(`^${readE2EEnv().GLIMPSE_BASE_URL}/r/[0-9A-Za-z]{32,}$`));
  await expect(dialog.getByLabel("Message for the customer")).toHaveValue(new RegExp(url));
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();

  const rows = page.locator("tbody tr[data-link-id]");
  await expect(rows).toHaveCount(1);
  await expect(rows.first().locator(".badge")).toHaveText("pending");
  await expect(rows.first()).toContainText("10 min");
  // Shown once: after a reload the token is nowhere on the page.
  await page.reload();
  expect(await page.content()).not.toContain(url.split("/r/")[1]!);

  await rows.first().getByRole("button", { name: /Revoke/ }).click();
  await expect(page.getByRole("status").filter({ hasText: "Link revoked" })).toBeVisible();
  await expect(rows.first().locator(".badge")).toHaveText("revoked");
  await expect(rows.first().getByRole("button", { name: /Revoke/ })).toHaveCount(0);

  expect(await auditActionsFor(page, "manual:E2E-1001")).toEqual(["link.revoked", "link.created", "ticket.created"]);
  await expect(page.locator("tbody")).toContainText(admin.email);
  await page.goto("/audit");
  await expect(page.locator('tbody tr[data-action="user.created"]')).toContainText("first-run setup");
  await page.goto(ticketUrl);
});

test("the links table follows changes made elsewhere, without a reload", async ({ page }) => {
  await login(page, admin.email, admin.password);
  const agent = createAgentAndApiKey();
  const api = await apiClient(agent.key);
  const { ticket } = await (await api.post("/api/v1/tickets", { data: { externalId: "E2E-1002" } })).json();
  const created = await api.post(`/api/v1/tickets/${ticket.id}/links`, { data: {} });
  expect(created.status()).toBe(201);
  const { link } = await created.json();

  await page.goto(`/tickets/${ticket.id}`);
  const row = page.locator(`tr[data-link-id="${link.id}"]`);
  await expect(row.locator(".badge")).toHaveText("pending");

  expect((await api.post(`/api/v1/links/${link.id}/revoke`, { data: {} })).status()).toBe(200);
  await expect(row.locator(".badge")).toHaveText("revoked", { timeout: 6_000 });
  await api.dispose();
});

test("an admin adds an agent, who signs in; disabling them ends their session at once", async ({ page, browser }) => {
  await login(page, admin.email, admin.password);
  await page.goto("/settings/team");
  await page.getByLabel("Name").fill("Bob Agent");
  await page.getByLabel("Email").fill("bob@e2e.test");
  await page.getByLabel("Initial password").fill("bob's long password");
  await page.getByRole("button", { name: "Add member" }).click();
  await expect(page.getByRole("status").filter({ hasText: "bob@e2e.test can now sign in" })).toBeVisible();

  const bobContext = await browser.newContext();
  const bob = await bobContext.newPage();
  await login(bob, "bob@e2e.test", "bob's long password");
  await expect(bob.getByText("Bob Agent (agent)")).toBeVisible();
  await expect(bob.getByRole("link", { name: "Audit log" })).toHaveCount(0);

  const row = page.locator("tr", { hasText: "bob@e2e.test" });
  await row.getByRole("button", { name: /Disable/ }).click();
  await expect(row.getByText("disabled")).toBeVisible();

  await bob.goto("/tickets");
  await expect(bob).toHaveURL(/\/login/);
  const apiAnswer = await bob.request.get("/api/v1/tickets");
  expect(apiAnswer.status()).toBe(401);
  await bobContext.close();
});

test("API keys: shown once, work as Bearer, stop working once revoked", async ({ page, playwright }) => {
  await login(page, admin.email, admin.password);
  await page.goto("/settings/api-keys");
  await page.getByLabel("Key name").fill("helpdesk app");
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-api-key").textContent())!.trim();
  expect(key).toMatch(/^glk_/);

  const api = await playwright.request.newContext({ baseURL: readE2EEnv().GLIMPSE_BASE_URL, extraHTTPHeaders: { authorization: `Bearer ${key}` } });
  expect((await api.get("/api/v1/tickets")).status()).toBe(200);

  await page.reload();
  expect(await page.content()).not.toContain(key);
  await page.locator("tr", { hasText: "helpdesk app" }).getByRole("button", { name: /Revoke/ }).click();
  await expect(page.getByRole("status").filter({ hasText: "revoked. It stops working at once" })).toBeVisible();
  const refused = await api.get("/api/v1/tickets");
  expect(refused.status()).toBe(401);
  expect(await refused.json()).toMatchObject({ error: { code: "unauthorized" } });
  await api.dispose();
});

test("sites: add one, and its snippet is ready to copy", async ({ page }) => {
  await login(page, admin.email, admin.password);
  await page.goto("/settings/sites/new");
  await page.getByLabel("Name").fill("Acme shop");
  await page.getByLabel("Allowed origins").fill("https://shop.acme.test");
  await page.getByLabel("Start URL").fill("https://elsewhere.test/");
  await page.getByRole("button", { name: "Add site" }).click();
  await expect(page.locator('p[role="alert"]')).toContainText("allowed origins");
  await page.getByLabel("Start URL").fill("https://shop.acme.test/help");
  await page.getByRole("button", { name: "Add site" }).click();
  await expect(page).toHaveURL(/\/settings\/sites$/);
  const card = page.locator("section", { hasText: "Acme shop" });
  await expect(card.locator("code")).toHaveText(new RegExp(`^<script async src="${readE2EEnv().GLIMPSE_BASE_URL}/g.js" data-site="site_[\\w-]+"></script>$`));
});

test("a cross-origin write with the session cookie is refused", async ({ page }) => {
  await login(page, admin.email, admin.password);
  for (const origin of ["https://evil.test", "null"]) {
    const res = await page.request.post("/api/v1/tickets", { data: { externalId: "CSRF-1" }, headers: { origin } });
    expect(res.status(), origin).toBe(403);
    expect((await res.json()).error.code).toBe("forbidden");
  }
});

test("resolve from the console (after confirming), then reopen", async ({ page }) => {
  await login(page, admin.email, admin.password);
  await page.getByLabel("Ticket id").first().fill("E2E-1003");
  await page.getByRole("button", { name: "Create ticket" }).click();
  await expect(page.getByRole("heading", { name: /Ticket manual:E2E-1003/ })).toBeVisible();
  await page.getByRole("button", { name: "Request a recording" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Create link" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Done" }).click();

  await page.getByRole("button", { name: "Resolve" }).click();
  const confirm = page.getByRole("dialog", { name: /Resolve ticket/ });
  await expect(confirm).toContainText("deleted for good");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("heading", { name: /E2E-1003/ }).locator(".badge")).toHaveText("open");

  await page.getByRole("button", { name: "Resolve" }).click();
  await confirm.getByRole("button", { name: "Resolve and purge" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Ticket resolved" })).toBeVisible();
  await expect(page.getByRole("heading", { name: /E2E-1003/ }).locator(".badge")).toHaveText("resolved");
  await expect(page.locator("tbody tr[data-link-id] .badge")).toHaveText("revoked");
  await expect(page.getByRole("button", { name: "Request a recording" })).toHaveCount(0);

  await page.getByRole("button", { name: "Reopen" }).click();
  await expect(page.getByRole("heading", { name: /E2E-1003/ }).locator(".badge")).toHaveText("open");
  await expect(page.getByRole("button", { name: "Request a recording" })).toBeVisible();
  expect(await auditActionsFor(page, "manual:E2E-1003")).toEqual(["ticket.reopened", "ticket.resolved", "link.revoked", "link.created", "ticket.created"]);
});

test("too many sign-in attempts are refused with a clear message", async ({ browser }) => {
  // Its own email: failures slow down one (account, address) pair, so no other test is held up.
  // After three free failures the next try is refused.
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/login");
  const alert = page.locator('p[role="alert"]');
  for (let i = 0; i < 4; i++) {
    await page.getByLabel("Email").fill("nobody@e2e.test");
    await page.getByLabel("Password").fill(`guess ${i}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(alert).toBeVisible();
    if (i < 3) await expect(alert).toHaveText(/Wrong email or password/);
  }
  await expect(alert).toHaveText(/Too many sign-in attempts/);
  await context.close();
});

test("console pages pass axe-core, the request dialog included", async ({ page }) => {
  await login(page, admin.email, admin.password);
  const check = async (what: string) => {
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.map((v) => `${what}: ${v.id} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
  };
  for (const path of ["/tickets", "/audit", "/settings/sites", "/settings/sites/new", "/settings/team", "/settings/api-keys", "/settings/retention"]) {
    await page.goto(path);
    await check(path);
  }
  await page.goto("/tickets?q=E2E-1001");
  await page.getByRole("link", { name: "manual:E2E-1001" }).click();
  await expect(page).toHaveTitle(/Ticket manual:E2E-1001/);
  await check("ticket page");
  await page.getByRole("button", { name: "Request a recording" }).click();
  await check("request dialog");
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toBeHidden();
  await page.context().clearCookies();
  await page.goto("/login");
  await check("/login");
});
