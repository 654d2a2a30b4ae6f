// Placeholder loader until the recorder issue lands: it does nothing at all.
export {};
