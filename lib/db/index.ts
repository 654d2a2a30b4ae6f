export * from "./client";
export { LONG_TX, withBusyRetry } from "./busy-retry";
