import { createContext, type ReactNode, useContext } from "react";

interface RequestInfo {
  nonce: string;
  requestId: string;
}

const RequestInfoContext = createContext<RequestInfo>({ nonce: "", requestId: "" });

/** Provides the CSP nonce and request id to the document (server render) and error pages. */
export function RequestInfoProvider({ value, children }: { value: RequestInfo; children: ReactNode }) {
  return <RequestInfoContext.Provider value={value}>{children}</RequestInfoContext.Provider>;
}

/** The request's CSP nonce on the server; "" in the browser, which hides nonces from scripts anyway. */
export const useNonce = () => useContext(RequestInfoContext).nonce;

/** The id of the request that rendered the page: from the server render, or the page's meta tag. */
export function useRequestId(): string {
  const fromServer = useContext(RequestInfoContext).requestId;
  if (fromServer) return fromServer;
  if (typeof document !== "undefined") {
    return document.querySelector<HTMLMetaElement>('meta[name="request-id"]')?.content ?? "";
  }
  return "";
}
