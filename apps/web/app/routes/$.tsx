// Any path no other route matches: a styled 404 from the root error boundary.
export function loader() {
  throw new Response("Not found", { status: 404 });
}

export default function NotFound() {
  return null;
}
