import Link from "next/link";

// Served by the server (404.html) for any page of the dashboard that does not exist.
export default function NotFound() {
  return (
    <main className="mx-auto max-w-md px-4 py-16 text-center">
      <h1 className="mb-2 text-2xl font-semibold">Page not found</h1>
      <p className="mb-6 muted">There is no page at this address.</p>
      <Link href="/agents/" className="btn btn-primary">
        Go to your agents
      </Link>
    </main>
  );
}
