import type { LoaderFunctionArgs } from "@remix-run/node";
import { studioImageResponse } from "~/lib/studio-image.server";

export const loader = ({ request, params }: LoaderFunctionArgs) =>
  studioImageResponse(request, params.id ?? "", "thumbnail");
