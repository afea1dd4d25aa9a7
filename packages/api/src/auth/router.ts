import { publicProcedure, router } from "../trpc.ts";
import { login, logout } from "./login.handler.ts";
import { LoginInputSchema } from "./login.schema.ts";

export const authRouter = router({
  login: publicProcedure.input(LoginInputSchema).mutation(({ ctx, input }) => login(ctx, input)),
  logout: publicProcedure.mutation(({ ctx }) => logout(ctx)),
});
