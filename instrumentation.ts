export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Before any request: sign-in limits need the socket's address, which Next.js does not pass on.
  const { stampPeerAddress } = await import("./lib/http/stamp-peer-address");
  stampPeerAddress();
  const { runStartupChecks } = await import("./lib/config/run-startup-checks");
  await runStartupChecks();
  const { env } = await import("./lib/env");
  process.env.NEXTAUTH_URL ??= env().baseUrl;
  const { bootstrap } = await import("./lib/bootstrap");
  await bootstrap();
  const { startBackgroundJobs } = await import("./lib/background-jobs");
  startBackgroundJobs();
}
