import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable, type EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { currentRequestFacts, rootLogger } from "@tradecraft/config";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { RequestInfoProvider } from "./request-info.tsx";

const ABORT_DELAY_MS = 5_000;

interface LoadContextFacts {
  cspNonce?: string;
  requestId?: string;
}

/**
 * Renders a document request with the CSP nonce on every script React or Remix emits. Bots
 * and no-JS clients get the whole page at once; browsers get it streamed.
 */
export function handleDocumentRequest(
  request: Request,
  status: number,
  headers: Headers,
  remixContext: EntryContext,
  loadContext: LoadContextFacts,
): Promise<Response> {
  const nonce = loadContext.cspNonce ?? "";
  const requestId = loadContext.requestId ?? "";
  const waitForAll = isbot(request.headers.get("user-agent")) || remixContext.isSpaMode;
  return new Promise((resolve, reject) => {
    let didError = false;
    const { pipe, abort } = renderToPipeableStream(
      <RequestInfoProvider value={{ nonce, requestId }}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY_MS} nonce={nonce} />
      </RequestInfoProvider>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          const body = new PassThrough();
          headers.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(createReadableStreamFromReadable(body), { headers, status: didError ? 500 : status }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          didError = true;
          (currentRequestFacts()?.logger ?? rootLogger()).error({ err: error }, "error while streaming the page");
        },
      },
    );
    setTimeout(abort, ABORT_DELAY_MS + 1_000);
  });
}
