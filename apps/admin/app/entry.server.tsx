export { handleDocumentRequest as default } from "@tradecraft/ui/remix/entry-server";
export { handleRemixError as handleError } from "@tradecraft/server";
