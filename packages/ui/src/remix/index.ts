export { Document, ErrorPage } from "./document.tsx";
export { RequestInfoProvider, useNonce, useRequestId } from "./request-info.tsx";
export { SignInForm, type SignInFormData } from "./sign-in-form.tsx";
