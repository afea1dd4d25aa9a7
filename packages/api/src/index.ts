export { apiFor, type Api } from "./caller.ts";
export { createContext, type Context, type CreateContextOptions } from "./context.ts";
export { httpStatusOf, TRPCError } from "./http.ts";
export { appRouter, createCaller, type AppRouter } from "./root.ts";
export type { SessionUser } from "./session.ts";
export type { InputErrors } from "./trpc.ts";
export { isIanaTimeZone, TimeZoneSchema } from "./system/time-zone.schema.ts";
