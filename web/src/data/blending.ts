// The blending panel's series: phone agents vs phone need over the session, one point per poll.

export interface QueueLike {
  real_time: boolean;
  phone_need?: number;
  phone_agents?: number;
}
export interface AgentLike {
  logged_in: boolean;
  mode?: string;
  state?: string;
}

export interface BlendPoint {
  t: number; // ms since the epoch (site clock)
  phoneAgents: number;
  backOfficeAgents: number;
  phoneNeed: number;
}

export const MAX_POINTS = 2000;

/** Agents logged in, by mode and by state. */
export function agentCounts(agents: AgentLike[]) {
  const byMode: Record<string, number> = {};
  const byState: Record<string, number> = {};
  let loggedOut = 0;
  for (const a of agents) {
    if (!a.logged_in) {
      loggedOut++;
      continue;
    }
    byMode[a.mode ?? 'unknown'] = (byMode[a.mode ?? 'unknown'] ?? 0) + 1;
    byState[a.state ?? 'unknown'] = (byState[a.state ?? 'unknown'] ?? 0) + 1;
  }
  return { byMode, byState, loggedOut };
}

/**
 * One point from a poll: the phone need summed over the real-time queues, the agents held on the
 * phones vs released to back-office work from /agents (when the role may read it, else the
 * queues' own phone agent count, at most the largest of them).
 */
export function blendPoint(t: number, queues: QueueLike[], agents: AgentLike[] | null): BlendPoint {
  const rt = queues.filter((q) => q.real_time);
  const phoneNeed = rt.reduce((n, q) => n + (q.phone_need ?? 0), 0);
  if (agents) {
    const { byMode } = agentCounts(agents);
    return { t, phoneNeed, phoneAgents: byMode['phones'] ?? 0, backOfficeAgents: byMode['back_office'] ?? 0 };
  }
  const phoneAgents = rt.reduce((n, q) => Math.max(n, q.phone_agents ?? 0), 0);
  return { t, phoneNeed, phoneAgents, backOfficeAgents: 0 };
}

/** Appends a point (replacing one at the same time), keeping at most MAX_POINTS. */
export function appendPoint(series: BlendPoint[], p: BlendPoint): BlendPoint[] {
  const out = series.length && series[series.length - 1].t >= p.t ? series.slice(0, -1) : series.slice();
  out.push(p);
  return out.length > MAX_POINTS ? out.slice(out.length - MAX_POINTS) : out;
}
