/**
 * Run by the server as it starts (instrumentation.ts). A bad configuration, a database path
 * SQLite cannot use or a master key that does not open the stored recordings stops the process
 * at once with the message, rather than failing every request while it stays up. The modules
 * are loaded inside the check, since opening the database reads the configuration.
 */
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
