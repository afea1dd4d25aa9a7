export { Document, ErrorPage } from "./document.tsx";
export { RequestInfoProvider, useNonce, useRequestId } from "./request-info.tsx";
