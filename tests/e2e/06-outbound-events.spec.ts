import { expect, test } from "@playwright/test";
import { startReceiver } from "../fixtures/webhook-receiver";
import { createUser, login, readE2EEnv } from "./helpers";

// Settings → Integrations: an admin adds an outbound-event endpoint, and a link created for a
// ticket reaches a real receiver that verifies it with the official standardwebhooks package.
test("an admin adds an endpoint, sees its secret once, and link.created shows as delivered in its log", async ({ page }) => {
  test.setTimeout(120_000);
  const receiver = await startReceiver();
  try {
    const admin = createUser("admin");
    await login(page, admin.email, admin.password);

    await page.goto("/settings/integrations");
    const section = page.getByTestId("webhook-endpoints");
    await section.getByLabel("Endpoint URL").fill(receiver.url("/glimpse"));
    await section.getByLabel("Description (optional)").fill("E2E receiver");
    await section.getByRole("button", { name: "Add endpoint" }).click();
    const secret = (await section.getByTestId("new-endpoint-secret").textContent())!.trim();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    receiver.trust("/glimpse", secret);
    const card = section.locator("article[data-endpoint-id]");
    await expect(card).toHaveCount(1);
    await expect(card).toContainText(receiver.url("/glimpse"));

    // Shown once: after a reload the secret is nowhere on the page.
    await page.reload();
    await expect(card).toHaveCount(1);
    expect(await page.content()).not.toContain(secret.slice("whsec_".length));

    const ref = `OUT-${Math.random().toString(36).slice(2, 8)}`;
    await page.goto("/tickets");
    await page.getByLabel("Ticket id").first().fill(ref);
    await page.getByRole("button", { name: "Create ticket" }).click();
    await expect(page.getByRole("heading", { name: new RegExp(`Ticket manual:${ref}`) })).toBeVisible();
    const ticketId = new URL(page.url()).pathname.split("/").pop()!;
    await page.getByRole("button", { name: "Request a recording" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Create link" }).click();
    await expect(dialog.getByTestId("created-link-url")).toBeVisible();
    const linkUrl = (await dialog.getByTestId("created-link-url").textContent())!.trim();

    // The background dispatcher sends it within seconds.
    await page.goto("/settings/integrations");
    const row = section.getByTestId("delivery-log").locator("tbody tr", { hasText: "link.created" });
    await expect(async () => {
      await page.reload();
      await expect(row).toHaveAttribute("data-state", "delivered", { timeout: 1_000 });
    }).toPass({ timeout: 60_000 });
    await expect(row).toContainText("200");
    await expect(row.locator("td").nth(2)).toHaveText("1");

    // The endpoint takes every event type, so other tests' recordings can reach it too (one CI run's background sweep
    // finished an idle one meanwhile): this ticket's link.created came exactly once, and every delivery verifies.
    for (const d of receiver.received) expect(d.verified).toMatchObject({ ok: true });
    const mine = receiver.received.filter((d) => d.body.includes(`"id":"${ticketId}"`));
    expect(mine).toHaveLength(1);
    const [delivery] = mine;
    expect(delivery!.verified).toMatchObject({
      ok: true,
      payload: {
        type: "link.created",
        data: { link: { status: "pending" }, ticket: { id: ticketId, source: "manual", externalId: ref, url: `${readE2EEnv().GLIMPSE_BASE_URL}/tickets/${ticketId}` } },
      },
    });
    // The link's token is the customer's credential: it never leaves in an event.
    for (const d of receiver.received) expect(d.body).not.toContain(linkUrl.split("/r/")[1]!);
  } finally {
    await receiver.close();
  }
});
