import "server-only";
export * from "./client";
export { LONG_TX, withBusyRetry } from "./busy-retry";
export { afterPurge, containsIgnoringCase, lockAuditChain, lockRecordingsForPurge, secureDeleteStatus } from "./dialect";
export { lastStorageFault } from "./sqlite";
