import { supabase } from "../lib/supabase";

export function subscribeToAiJob(id: string, onChange: (status: string) => void) {
  return supabase
    .channel(`job-${id}`)
    .on("postgres_changes", { event: "UPDATE", schema: "public", table: "ai_jobs" }, (p) =>
      onChange(p.new.status),
    )
    .subscribe();
}

export async function aiJobStatus(id: string) {
  const { data } = await supabase.from("ai_jobs").select("status").eq("id", id).single();
  return data?.status;
}

export async function failedAiJobs() {
  const { data } = await supabase.rpc("sql", {
    query: "SELECT id, error FROM ai_jobs WHERE status = 'failed'",
  });
  return data;
}
