import { redirect } from "@remix-run/node";
import { type Api, httpStatusOf, TRPCError } from "@tradecraft/api";

/** What the trade page shows when grading was refused (allowance used up, open trade...). */
export interface GradeFailure {
  gradeError: string;
}

/**
 * The trade page's intent=grade: grades the trade and comes back to its grade (saying so when
 * the rules had to answer for the model), or answers with the refusal for the page to show.
 */
export async function gradeTradeAction(api: Api, tradeId: string): Promise<Response> {
  try {
    const graded = await api.grading.grade({ tradeId });
    return redirect(`/app/journal/${encodeURIComponent(tradeId)}?graded=${graded.fallback ? "rules" : "ok"}#grade`);
  } catch (error) {
    const status = httpStatusOf(error);
    // A failed usage check (503) has a sentence for people; other server faults go to the error page.
    if (!(error instanceof TRPCError) || (status >= 500 && error.code !== "SERVICE_UNAVAILABLE")) throw error;
    if (status === 404) throw new Response(error.message, { status });
    return Response.json({ gradeError: error.message } satisfies GradeFailure, { status });
  }
}
