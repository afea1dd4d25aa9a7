import { memberProcedure, router } from "../trpc.ts";
import { getUsage } from "../usage/quota.ts";
import {
  createConversation,
  deleteConversation,
  listConversations,
  openConversation,
  renameConversation,
  requireConversation,
} from "./conversations.handler.ts";
import { coachAnswer, coachAnswerComplete } from "./engine.ts";
import { STARTER_PROMPTS } from "./prompts.ts";
import {
  ConversationIdSchema,
  CreateConversationInputSchema,
  RenameConversationInputSchema,
  SendMessageInputSchema,
} from "./schemas.ts";
import { z } from "zod";
import { IdSchema } from "../validation/text.ts";

export const coachRouter = router({
  create: memberProcedure
    .input(CreateConversationInputSchema)
    .mutation(({ ctx, input }) => createConversation(ctx, input)),
  list: memberProcedure.query(({ ctx }) => listConversations(ctx)),
  rename: memberProcedure
    .input(RenameConversationInputSchema)
    .mutation(({ ctx, input }) => renameConversation(ctx, input)),
  delete: memberProcedure
    .input(ConversationIdSchema)
    .mutation(({ ctx, input }) => deleteConversation(ctx, input.conversationId)),
  open: memberProcedure
    .input(ConversationIdSchema)
    .query(({ ctx, input }) => openConversation(ctx, input.conversationId)),
  /** The member's allowances; with a conversation id, its message units too. */
  usage: memberProcedure
    .input(z.object({ conversationId: IdSchema.optional() }).default({}))
    .query(async ({ ctx, input }) => {
      if (input.conversationId) await requireConversation(ctx, input.conversationId);
      return getUsage(ctx, input.conversationId ? { conversationId: input.conversationId } : {});
    }),
  starterPrompts: memberProcedure.query(() => [...STARTER_PROMPTS]),
  /** The finished answer (forms without JavaScript). */
  send: memberProcedure
    .input(SendMessageInputSchema)
    .mutation(({ ctx, input, signal }) => coachAnswerComplete(ctx, input, signal)),
  /** The same answer as a stream: tokens, tool use, then the final event. */
  stream: memberProcedure.input(SendMessageInputSchema).subscription(async function* ({ ctx, input, signal }) {
    yield* coachAnswer(ctx, input, signal);
  }),
});
