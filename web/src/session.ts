// SPDX-License-Identifier: Apache-2.0
// Who is logged in: the token (api/client.ts) and what the login page learnt about its role.
export type Access = 'operations' | 'agent';

const ACCESS_KEY = 'tandem.access';
const AGENT_KEY = 'tandem.agent';

export function getAccess(): Access | null {
  return sessionStorage.getItem(ACCESS_KEY) as Access | null;
}
export function getAgentId(): string {
  return sessionStorage.getItem(AGENT_KEY) ?? '';
}
export function setSession(access: Access, agent: string): void {
  sessionStorage.setItem(ACCESS_KEY, access);
  sessionStorage.setItem(AGENT_KEY, agent);
}
export function clearSession(): void {
  sessionStorage.removeItem(ACCESS_KEY);
  sessionStorage.removeItem(AGENT_KEY);
}
