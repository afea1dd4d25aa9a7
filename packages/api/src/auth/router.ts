import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { VerifyEmailInputSchema } from "../account/email.schema.ts";
import { verifyEmail } from "../account/verification.handler.ts";
import { publicProcedure, router } from "../trpc.ts";
import { login, logout } from "./login.handler.ts";
import { LoginInputSchema } from "./login.schema.ts";
import { checkResetToken, requestPasswordReset, resetPassword } from "./password-reset.handler.ts";
import {
  EmailTokenSchema,
  RequestPasswordResetInputSchema,
  ResetPasswordInputSchema,
} from "./password-reset.schema.ts";
import { signup } from "./signup.handler.ts";
import { SignupInputSchema } from "./signup.schema.ts";
import { unlockAccount } from "./unlock.handler.ts";

/** Member-only journeys (sign-up, resets, email links) live in the members' app. */
const webProcedure = publicProcedure.use(({ ctx, next }) => {
  if (ctx.app !== "web") throw new TRPCError({ code: "NOT_FOUND", message: "This happens in the members' app." });
  return next();
});

export const authRouter = router({
  login: publicProcedure.input(LoginInputSchema).mutation(({ ctx, input }) => login(ctx, input)),
  logout: publicProcedure.mutation(({ ctx }) => logout(ctx)),
  signup: webProcedure.input(SignupInputSchema).mutation(({ ctx, input }) => signup(ctx, input)),
  verifyEmail: webProcedure.input(VerifyEmailInputSchema).mutation(({ ctx, input }) => verifyEmail(ctx, input.token)),
  requestPasswordReset: webProcedure
    .input(RequestPasswordResetInputSchema)
    .mutation(({ ctx, input }) => requestPasswordReset(ctx, input)),
  checkResetToken: webProcedure
    .input(z.object({ token: EmailTokenSchema }))
    .query(({ ctx, input }) => checkResetToken(ctx, input.token)),
  resetPassword: webProcedure.input(ResetPasswordInputSchema).mutation(({ ctx, input }) => resetPassword(ctx, input)),
  unlock: webProcedure
    .input(z.object({ token: EmailTokenSchema }))
    .mutation(({ ctx, input }) => unlockAccount(ctx, input.token)),
});
