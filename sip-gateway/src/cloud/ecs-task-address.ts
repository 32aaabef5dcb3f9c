/**
 * The task's own private IPv4 address from the ECS task metadata endpoint (v4): where the other
 * gateway tasks of the edge reach this one to relay requests onto its flows.
 */
export async function ecsTaskAddress(metadataUri: string): Promise<string> {
  const response = await fetch(`${metadataUri}/task`, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`ECS task metadata: HTTP ${response.status}`);
  const task = (await response.json()) as {
    Containers?: Array<{ Networks?: Array<{ IPv4Addresses?: string[] }> }>;
  };
  const address = task.Containers?.[0]?.Networks?.[0]?.IPv4Addresses?.[0];
  if (address === undefined) throw new Error('ECS task metadata: no IPv4 address');
  return address;
}
