export { apiFor, type Api } from "./caller.ts";
export { hasValidSession, memberPageKey } from "./page-cache-key.ts";
export { createContext, type Context, type CreateContextOptions } from "./context.ts";
export { formErrorsOf, httpStatusOf, refusalMessageOf, TRPCError } from "./http.ts";
export { appRouter, createCaller, type AppRouter } from "./root.ts";
export type { SessionUser } from "./session.ts";
export { fieldError, type InputErrors } from "./trpc.ts";
export { isIanaTimeZone, TimeZoneSchema } from "./system/time-zone.schema.ts";
export { timeZoneFromAcceptLanguage } from "./system/time-zone-from-locale.ts";
export { LoginInputSchema, EmailSchema } from "./auth/login.schema.ts";
export { LOGIN_FAILED } from "./auth/login.handler.ts";
export { safeRedirect } from "./auth/safe-redirect.ts";
export { signInAction } from "./auth/sign-in-action.ts";
export { RESET_REQUESTED } from "./auth/password-reset.handler.ts";
export { checkPassword, PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH } from "@tradecraft/auth";
export { zonedToUtc, localTime } from "./journal/domain/time-zone.ts";
export { readIsoDateTime, WallClock } from "./validation/dates.ts";
export { BROKERS, BROKER_LABELS } from "./journal/import/types.ts";
export { TRADOVATE_DEFAULT_FEES } from "./journal/import/tradovate.ts";
export { ASSET_CLASSES } from "./journal/domain/instruments.ts";
export { MAX_IMPORT_BYTES, TradeFiltersSchema } from "./journal/schemas.ts";
export type { TradeDto } from "./journal/journal.handler.ts";
export type { PresentedAlert } from "./alerts/alerts.handler.ts";
export { loadUsageLimitsOrExit } from "./usage/limits.ts";
export { IMAGE_CONTENT_TYPES, MAX_IMAGE_BYTES } from "./media/image.ts";
export { MAX_SCREENSHOTS_PER_TRADE } from "./journal/screenshots.schema.ts";
export {
  consumeQuota,
  getUsage,
  MESSAGE_UNITS,
  releaseQuota,
  type QuotaKind,
  type UsageSummary,
} from "./usage/quota.ts";
export { createAi } from "./ai/client.ts";
export { createStorage } from "./storage/index.ts";
export { MAX_MESSAGE_CHARS } from "./coach/sanitize.ts";
export { createMarket } from "./market/index.ts";
export { createSimulatedProvider } from "./market/simulated.ts";
export { createMassiveProvider } from "./market/massive.ts";
export { enrichBacklog } from "./journal/enrich-backlog.ts";
export { startTicker } from "./live/index.ts";
export { attachLiveSocket, LIVE_SOCKET_PATH, type LiveSocketRouter } from "./live/ws.ts";
export { startHeartbeat, type HeartbeatOptions } from "./admin/heartbeat.ts";
