export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // A bad configuration stops the server at once with the message, rather than failing every
  // request while the process stays up and answers nothing.
  const stop = (error: unknown) => {
    console.error(`✗ ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  };
  try {
    const { checkConfig } = await import("./lib/config/check-config");
    checkConfig();
  } catch (error) {
    stop(error);
  }
  const { env } = await import("./lib/env");
  process.env.NEXTAUTH_URL ??= env().baseUrl;
  try {
    const { checkMasterKey } = await import("./lib/recordings/check-master-key");
    await checkMasterKey();
  } catch (error) {
    stop(error);
  }
  const { bootstrap } = await import("./lib/bootstrap");
  await bootstrap();
  const { startBackgroundJobs } = await import("./lib/background-jobs");
  startBackgroundJobs();
}
