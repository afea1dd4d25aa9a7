export { handleDocumentRequest as default } from "@tradecraft/ui/remix/entry-server";
