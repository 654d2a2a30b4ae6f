export { E2E_PORT, readE2EEnv, type TE2EEnv } from "./e2e-env";
export { login } from "./auth";
export { apiClient, createAdminAndApiKey, createAgentAndApiKey, createApiKey, createUser, runCli, type TSeededUser } from "./seed";
