import { redirect } from "@remix-run/node";
import { type Api, formErrorsOf, httpStatusOf, TRPCError } from "@tradecraft/api";

/** What the trade page shows when an upload or a delete was refused (field by field when it can). */
export interface ScreenshotFailure {
  screenshotError: string;
  screenshotFields?: { file?: string; caption?: string };
}

/** True for the trade page's screenshot intents (add-screenshot, delete-screenshot). */
export const isScreenshotIntent = (intent: FormDataEntryValue | null) =>
  intent === "add-screenshot" || intent === "delete-screenshot";

/**
 * The trade page's screenshot forms: stores the uploaded image (checked and stripped of its
 * metadata by the API) or deletes one, then comes back to the section; a refusal is answered
 * with its message for the page to show beside the form.
 */
export async function screenshotAction(api: Api, tradeId: string, form: FormData): Promise<Response> {
  const back = `/app/journal/${encodeURIComponent(tradeId)}`;
  try {
    if (form.get("intent") === "delete-screenshot") {
      await api.screenshots.delete({ screenshotId: String(form.get("screenshotId") ?? "") });
      return redirect(`${back}?screenshot=deleted#screenshots`);
    }
    const file = form.get("file");
    // A form sent without choosing a file still carries an empty, nameless part.
    if (!(file instanceof Blob) || file.size === 0) {
      return Response.json(
        {
          screenshotError: "Choose an image to upload.",
          screenshotFields: { file: "Choose an image to upload." },
        } satisfies ScreenshotFailure,
        { status: 400 },
      );
    }
    await api.screenshots.add({
      tradeId,
      fileName: (file instanceof File && file.name) || "screenshot",
      caption: String(form.get("caption") ?? ""),
      content: new Uint8Array(await file.arrayBuffer()),
    });
    return redirect(`${back}?screenshot=added#screenshots`);
  } catch (error) {
    const status = httpStatusOf(error);
    if (!(error instanceof TRPCError) || status >= 500) throw error;
    if (status === 404) throw new Response(error.message, { status });
    const fields = formErrorsOf(error)?.fieldErrors ?? {};
    const fileError = [...(fields.content ?? []), ...(fields.fileName ?? [])].join(" ") || undefined;
    const captionError = fields.caption?.join(" ");
    const message = fileError ?? captionError ?? error.message;
    // A refusal of the image itself (not an image, damaged, too many) belongs beside the file field.
    const fileMessage = fileError ?? (fields.caption ? undefined : error.message);
    return Response.json(
      {
        screenshotError: message,
        screenshotFields: { file: fileMessage, caption: captionError },
      } satisfies ScreenshotFailure,
      { status },
    );
  }
}
