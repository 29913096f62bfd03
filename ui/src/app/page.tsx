"use client";
// The root: to the agents when signed in, else to the login page.
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { Loading } from "@/components/States";
import { useSession } from "@/lib/hooks";

export default function Home() {
  const state = useSession();
  const router = useRouter();
  useEffect(() => {
    if (state.status === "signed-in") router.replace("/agents/");
    else if (state.status === "signed-out") router.replace("/login/");
  }, [state.status, router]);
  return (
    <main className="mx-auto max-w-6xl px-4">
      <Loading />
    </main>
  );
}
