import { expect, test } from "@playwright/test";
import { apiClient, createAgentAndApiKey } from "./helpers";
import { ERRORS_EMAIL } from "./helpers/operator-site";
import { acceptLink, databaseBytes, expectBadge, pressBadgeButton, requestRecordingLink, storedEvents, ticketRecordings, useOperatorSite, watchUploads } from "./helpers/record-session";

const site = useOperatorSite();

type TConsole = { level: string; payload: string[]; trace: string[] };

test("an error from the page's own script reaches the agent with its name, message and frames, and the customer's email reaches nothing", async ({ page }) => {
  const agent = createAgentAndApiKey();
  const api = await apiClient(agent.key);
  const watch = watchUploads(page);
  const link = await requestRecordingLink(api, site.siteId, { startUrl: site.operator.url("/errors") });
  await acceptLink(page, link.url, site.operator, link.externalId);
  const thrown: string[] = [];
  page.on("pageerror", (e) => thrown.push(e.message));

  await page.locator("#pay").click();
  await expect(page.locator("#pay-result")).toHaveText("Payment 402");
  expect(thrown).toEqual(["Cannot read properties of undefined (reading 'amount')"]);
  await pressBadgeButton(page, "Finish");
  await expectBadge(page, "Recording finished");
  await watch.settled();
  const [recording] = await ticketRecordings(api, link.ticketId);
  expect(recording?.status).toBe("finished");

  // The recorder scrubbed before uploading: the address never left the page.
  for (const upload of watch.uploads) expect(upload.text, `upload ${upload.seq}`).not.toContain(ERRORS_EMAIL);

  const { text, events } = await storedEvents(api, recording!.id);
  const logged = events.filter((e) => e.type === 6 && e.data.plugin === "rrweb/console@1").map((e) => e.data.payload as TConsole);
  const script = site.operator.url("/assets/errors.js").replace(/[.]/g, "\\.");

  const uncaught = logged.find((c) => c.payload[0] === "Uncaught");
  expect(uncaught).toMatchObject({ level: "error", payload: ["Uncaught", "TypeError: Cannot read properties of undefined (reading 'amount')"] });
  expect(uncaught!.trace[0]).toMatch(new RegExp(`^readTotal \\(${script}:2:\\d+\\)$`));
  expect(uncaught!.trace[1]).toMatch(new RegExp(`^HTMLButtonElement\\.<anonymous> \\(${script}:9:\\d+\\)$`));

  const message = logged.find((c) => c.payload[0]?.startsWith("failed for"));
  expect(message).toMatchObject({ level: "error", payload: ["failed for [email]"] });
  expect(message!.trace[0]).toMatch(new RegExp(`^${script}:6:\\d+$`));

  const network = events.filter((e) => e.type === 5 && e.data.tag === "glimpse/network").map((e) => e.data.payload);
  expect(network).toEqual([{ method: "POST", url: site.operator.url("/api/checkout/pay"), status: 402, durationMs: expect.any(Number), failed: true }]);

  const detail = await api.get(`/api/v1/recordings/${recording!.id}`);
  expect(detail.status()).toBe(200);
  const detailText = await detail.text();
  expect(detailText).toContain("Console error: Uncaught TypeError: Cannot read properties of undefined (reading 'amount')");

  // Neither the address nor the script's query is in what the agent reads or on the disk.
  const disk = databaseBytes().toString("latin1");
  for (const where of [text, detailText, disk]) {
    for (const secret of [ERRORS_EMAIL, encodeURIComponent(ERRORS_EMAIL), "canary-script-query"]) expect(where).not.toContain(secret);
  }
  expect(text).toContain("[email]");
  await api.dispose();
});
