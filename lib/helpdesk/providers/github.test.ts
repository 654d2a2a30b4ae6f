import { afterEach, describe, expect, it } from "vitest";
import { startGitHubReceiver } from "../../../tests/fixtures/helpdesk-receivers/github";
import { githubClient, parseIssueRef } from "./github";

const token = "ghp_test_1";
let receiver: Awaited<ReturnType<typeof startGitHubReceiver>>;
afterEach(() => receiver?.close());

const configFor = (url: string, over: object = {}) => githubClient.configSchema.parse({ token, baseUrl: url, ...over });

describe("GitHub issue comments", () => {
  it("comments on owner/repo#number, the externalId the issues webhook builds", async () => {
    receiver = await startGitHubReceiver({ token, issues: ["octocat/Hello-World#1347"] });
    const result = await githubClient.sendNote(configFor(receiver.url), { ticketRef: "octocat/Hello-World#1347", text: "Recording ready" });
    expect(result).toEqual({ ok: true, status: 201 });
    expect(receiver.accepted).toEqual([{ ticketRef: "octocat/Hello-World#1347", text: "Recording ready" }]);
    const { headers, path } = receiver.received[0]!;
    expect(path).toBe("/repos/octocat/Hello-World/issues/1347/comments");
    expect(headers.accept).toBe("application/vnd.github+json");
    expect(headers["x-github-api-version"]).toBe("2022-11-28");
    expect(headers.authorization).toBe(`Bearer ${token}`);
  });

  it("a bad token is a 401, not retried", async () => {
    receiver = await startGitHubReceiver({ token });
    expect(await githubClient.sendNote(configFor(receiver.url, { token: "ghp_wrong" }), { ticketRef: "o/r#1", text: "x" })).toEqual({
      ok: false,
      status: 401,
      retryable: false,
      error: "GitHub answered 401: check the token",
    });
  });

  it("a missing issue is a 404 and a 403 without rate-limit signs is a permission problem: neither is retried", async () => {
    receiver = await startGitHubReceiver({ token, issues: ["o/r#1"] });
    const config = configFor(receiver.url);
    expect(await githubClient.sendNote(config, { ticketRef: "o/r#2", text: "x" })).toMatchObject({ ok: false, status: 404, retryable: false });
    receiver.queueResponse(403, {}, { message: "Resource not accessible by personal access token" });
    expect(await githubClient.sendNote(config, { ticketRef: "o/r#1", text: "x" })).toMatchObject({ ok: false, status: 403, retryable: false });
  });

  it("the primary rate limit (403, x-ratelimit-remaining 0) waits until x-ratelimit-reset", async () => {
    receiver = await startGitHubReceiver({ token });
    const reset = Math.floor(Date.now() / 1000) + 120;
    receiver.queueResponse(403, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) }, { message: "API rate limit exceeded for user ID 1." });
    const result = await githubClient.sendNote(configFor(receiver.url), { ticketRef: "o/r#1", text: "x" });
    expect(result).toMatchObject({ ok: false, status: 403, retryable: true });
    const wait = result.ok ? 0 : result.retryAfterMs!;
    expect(wait).toBeGreaterThan(115_000);
    expect(wait).toBeLessThanOrEqual(120_000);
  });

  it("a secondary rate limit with retry-after waits that long; without a header, a minute", async () => {
    receiver = await startGitHubReceiver({ token });
    receiver.queueResponse(429, { "retry-after": "30" }, { message: "You have exceeded a secondary rate limit." });
    receiver.queueResponse(403, {}, { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again." });
    const config = configFor(receiver.url);
    expect(await githubClient.sendNote(config, { ticketRef: "o/r#1", text: "x" })).toMatchObject({ status: 429, retryable: true, retryAfterMs: 30_000 });
    expect(await githubClient.sendNote(config, { ticketRef: "o/r#1", text: "x" })).toMatchObject({ status: 403, retryable: true, retryAfterMs: 60_000 });
  });

  it("a 5xx is retried", async () => {
    receiver = await startGitHubReceiver({ token });
    receiver.queueResponse(502);
    expect(await githubClient.sendNote(configFor(receiver.url), { ticketRef: "o/r#1", text: "x" })).toMatchObject({ ok: false, status: 502, retryable: true });
  });

  it("ticket refs that are not owner/repo#number, or would climb out of /repos, are refused before any request", async () => {
    receiver = await startGitHubReceiver({ token });
    for (const ref of ["o/..#1", "o/r", "o/r#x", "../r#1", "o/r/x#1", "1347"]) {
      expect(parseIssueRef(ref), ref).toBeNull();
      expect(await githubClient.sendNote(configFor(receiver.url), { ticketRef: ref, text: "x" })).toMatchObject({ ok: false, retryable: false });
    }
    expect(receiver.received).toEqual([]);
    expect(parseIssueRef("my-org/my.repo_2#7")).toEqual({ owner: "my-org", repo: "my.repo_2", number: "7" });
  });

  it("the receiver refuses what GitHub refuses: no User-Agent, an unknown API version, no body", async () => {
    receiver = await startGitHubReceiver({ token });
    const url = `${receiver.url}/repos/o/r/issues/1/comments`;
    const headers = { authorization: `Bearer ${token}`, "content-type": "application/json", "user-agent": "t" };
    expect((await fetch(url, { method: "POST", headers: { ...headers, "x-github-api-version": "2020-01-01" }, body: '{"body":"x"}' })).status).toBe(400);
    expect((await fetch(url, { method: "POST", headers, body: "{}" })).status).toBe(422);
    expect(receiver.accepted).toEqual([]);
  });
});
