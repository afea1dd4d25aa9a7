// alerts (issue 15): a member's price alerts and their firings. The checker (checker.ts) fires
// them on ticker updates; these procedures are the member's side.
import { memberProcedure, router } from "../trpc.ts";
import { alertEvents, createAlert, deleteAlert, listAlerts, setPaused, updateAlert } from "./alerts.handler.ts";
import {
  AlertEventsInputSchema,
  AlertIdInputSchema,
  AlertInputSchema,
  ListAlertsInputSchema,
  UpdateAlertInputSchema,
} from "./schemas.ts";

export const alertsRouter = router({
  /** The member's alerts with their status, how many are active and the plan's limit. */
  list: memberProcedure.input(ListAlertsInputSchema).query(({ ctx, input }) => listAlerts(ctx, input)),
  create: memberProcedure.input(AlertInputSchema).mutation(({ ctx, input }) => createAlert(ctx, input)),
  /** Changes an alert and arms it again. */
  update: memberProcedure.input(UpdateAlertInputSchema).mutation(({ ctx, input }) => updateAlert(ctx, input)),
  delete: memberProcedure.input(AlertIdInputSchema).mutation(({ ctx, input }) => deleteAlert(ctx, input.alertId)),
  pause: memberProcedure.input(AlertIdInputSchema).mutation(({ ctx, input }) => setPaused(ctx, input.alertId, true)),
  resume: memberProcedure.input(AlertIdInputSchema).mutation(({ ctx, input }) => setPaused(ctx, input.alertId, false)),
  /** Firings, newest first. */
  events: memberProcedure.input(AlertEventsInputSchema).query(({ ctx, input }) => alertEvents(ctx, input)),
});
