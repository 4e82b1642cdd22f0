import { supabase } from "../lib/supabase";

// Lists the assistant's jobs for the current workspace.
export async function listAiJobs(workspaceId: string) {
  const { data, error } = await supabase
    .from("ai_jobs")
    .select("*")
    .eq("workspace_id", workspaceId);
  if (error) throw error;
  return data;
}

export async function createAiJob(workspaceId: string, kind: string) {
  return supabase.from("ai_jobs").insert({ workspace_id: workspaceId, kind });
}

export async function cancelAiJob(id: string) {
  return supabase.from("ai_jobs").update({ status: "cancelled" }).eq("id", id);
}

export async function deleteAiJob(id: string) {
  return supabase.from("ai_jobs").delete().eq("id", id);
}
