export * from "./password.ts";
export * from "./session.ts";
export * from "./password-policy.ts";
export * from "./email-token.ts";
export * from "./device.ts";
