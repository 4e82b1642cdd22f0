import { supabase } from "./supabase";

// Phase 2 renames leads and contacts; until then the CRM reads them directly.
export async function leadWithContacts(leadId: string) {
  const lead = await supabase.from("leads").select("*").eq("id", leadId).single();
  const contacts = await supabase.from("contacts").select("*").eq("lead_id", leadId);
  return { lead: lead.data, contacts: contacts.data, messages_count: 0 };
}

export async function myProfile(userId: string) {
  return supabase.from("profiles").select("display_name").eq("id", userId).single();
}
