import { supabase } from "../lib/supabase";

export async function queueLength() {
  const { count } = await supabase.from("ai_jobs").select("*", { count: "exact", head: true });
  return count ?? 0;
}

export async function oldestQueued() {
  return supabase.from("ai_jobs").select("*").order("created_at").limit(1);
}

export async function retryFailed() {
  return supabase.from("ai_jobs").update({ status: "queued" }).eq("status", "failed");
}
