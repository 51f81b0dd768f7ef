import { useLoaderData } from "@remix-run/react";

/** The bare minimal page, Koan's /bench/floor counterpart: one tiny loader, one heading. */
export function loader() {
  return { note: "The smallest page of a bare Remix app." };
}

export default function Heading() {
  const { note } = useLoaderData<typeof loader>();
  return (
    <main>
      <h1>Framework floor</h1>
      <p>{note}</p>
    </main>
  );
}
