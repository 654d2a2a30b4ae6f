import "server-only";
/** Stops the server at start rather than failing every request; modules load inside, since opening the database reads the configuration. */
export async function runStartupChecks(): Promise<void> {
  try {
    const { checkConfig } = await import("./check-config");
    checkConfig();
    const { checkMasterKey } = await import("../recordings/check-master-key");
    await checkMasterKey();
  } catch (error) {
    console.error(`✗ ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
