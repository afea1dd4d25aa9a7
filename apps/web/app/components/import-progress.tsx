import { useEffect, useState } from "react";
import { formatCount } from "~/lib/format";
import { browserApi } from "~/lib/trpc.client";

type Progress = Awaited<ReturnType<ReturnType<typeof browserApi>["imports"]["progress"]["query"]>>;

const POLL_MS = 400;

function describe(progress: Progress, fills: number): string {
  switch (progress?.stage) {
    case "pairing":
      return "Pairing the fills into trades…";
    case "writing":
      return `Writing ${formatCount(progress.written)} of ${formatCount(progress.total)} trades and fills…`;
    case "grouping":
      return "Grouping option legs into strategies…";
    case "done":
      return "Imported; opening your imports…";
    default:
      return `Reading ${formatCount(fills)} fills…`;
  }
}

/**
 * While the import's commit runs (the page is submitting), asks imports.progress how far it has
 * got and shows the stage and the rows written. Without script the page shows nothing of it: the
 * browser's own loading indicator stands in until the imports page arrives.
 */
export function ImportProgress({ progressId, fills }: { progressId: string; fills: number }) {
  const [progress, setProgress] = useState<Progress>(null);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await browserApi().imports.progress.query({ progressId });
        if (!stopped) setProgress(next);
      } catch {
        // A failed poll only delays the figure; the commit itself is unaffected.
      }
      if (!stopped) timer = setTimeout(poll, POLL_MS);
    };
    timer = setTimeout(poll, POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [progressId]);
  const writing = progress?.stage === "writing" && progress.total > 0;
  return (
    <p role="status" className="tc-actions" data-stage={progress?.stage ?? "reading"}>
      {writing ? (
        <progress aria-label="Importing" value={progress.written} max={progress.total} />
      ) : (
        <progress aria-label="Importing" />
      )}
      {describe(progress, fills)}
    </p>
  );
}
