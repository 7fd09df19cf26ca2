export * from "./acme-settings-input.ts";
export * from "./certificate-coverage.ts";
export * from "./certificate-input.ts";
export * from "./certificate-status.ts";
export * from "./host-tls-input.ts";
