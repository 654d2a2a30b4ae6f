// Placeholder until the recorder issue lands.
export {};
