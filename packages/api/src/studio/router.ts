// studio.*: the admins' image generator (issue 17). Admin app only; each admin sees and touches
// only their own generations and reference images (another's id is "not found").
import { adminProcedure, router } from "../trpc.ts";
import { discardReferences, edit, generate, get, list, readImage, remove, uploadReference } from "./studio.handler.ts";
import {
  DiscardReferencesInputSchema,
  EditInputSchema,
  GenerateInputSchema,
  GenerationIdSchema,
  ImageInputSchema,
  ListInputSchema,
  UploadInputSchema,
} from "./studio.schema.ts";

export const studioRouter = router({
  upload: adminProcedure.input(UploadInputSchema).mutation(({ ctx, input }) => uploadReference(ctx, input)),
  discardReferences: adminProcedure
    .input(DiscardReferencesInputSchema)
    .mutation(({ ctx, input }) => discardReferences(ctx, input.ids)),
  generate: adminProcedure.input(GenerateInputSchema).mutation(({ ctx, input }) => generate(ctx, input)),
  list: adminProcedure.input(ListInputSchema).query(({ ctx, input }) => list(ctx, input)),
  get: adminProcedure.input(GenerationIdSchema).query(({ ctx, input }) => get(ctx, input.id)),
  delete: adminProcedure.input(GenerationIdSchema).mutation(({ ctx, input }) => remove(ctx, input.id)),
  edit: adminProcedure.input(EditInputSchema).mutation(({ ctx, input }) => edit(ctx, input)),
  image: adminProcedure.input(ImageInputSchema).query(({ ctx, input }) => readImage(ctx, input)),
});
