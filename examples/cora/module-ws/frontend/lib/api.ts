// The frontend talks to the workspace API, never to tables: no changes needed.
export async function getWorkspaceConfig(wsId: string) {
  const res = await fetch(`/api/ws/${wsId}/config`);
  const wsConfigs = await res.json();
  return wsConfigs;
}
