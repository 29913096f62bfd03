"use client";
// /agents/edit/?id=<agent id>: the editor and the playground of one agent.
import { useSearchParams } from "next/navigation";
import { Suspense } from "react";
import { AgentEditor } from "@/components/agent/AgentEditor";
import { AppShell } from "@/components/AppShell";
import { Loaded, Loading } from "@/components/States";
import { getAgent, listProviders } from "@/lib/api";
import { useLoad } from "@/lib/hooks";

export default function Page() {
  return (
    <AppShell>
      {(session) => (
        <Suspense fallback={<Loading />}>
          <EditAgent userId={session.user.id} />
        </Suspense>
      )}
    </AppShell>
  );
}

function EditAgent({ userId }: { userId: string }) {
  const id = useSearchParams().get("id") ?? "";
  const { value, reload } = useLoad(async () => {
    if (!id) throw new Error("No agent was given: open an agent from the agents list.");
    const [agent, providers] = await Promise.all([getAgent(id), listProviders()]);
    return { agent, providers };
  }, [id]);
  return (
    <Loaded value={value} reload={reload} label="Loading the agent…">
      {(data) => <AgentEditor key={data.agent.id} agent={data.agent} providers={data.providers} userId={userId} />}
    </Loaded>
  );
}
