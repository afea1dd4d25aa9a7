import { TRPCError } from "@trpc/server";
import { publicProcedure, router } from "../trpc.ts";
import { login, logout } from "./login.handler.ts";
import { LoginInputSchema } from "./login.schema.ts";
import { signup } from "./signup.handler.ts";
import { SignupInputSchema } from "./signup.schema.ts";

export const authRouter = router({
  login: publicProcedure.input(LoginInputSchema).mutation(({ ctx, input }) => login(ctx, input)),
  logout: publicProcedure.mutation(({ ctx }) => logout(ctx)),
  signup: publicProcedure.input(SignupInputSchema).mutation(({ ctx, input }) => {
    if (ctx.app !== "web") throw new TRPCError({ code: "NOT_FOUND", message: "Sign-up happens in the members' app." });
    return signup(ctx, input);
  }),
});
