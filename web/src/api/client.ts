// SPDX-License-Identifier: Apache-2.0
// The API client: the token from the login page (sessionStorage), JSON in and out, and the
// server's one error shape turned into ApiError. A 401 sends the user back to the login page.
import type { ApiErrorBody } from './types';

const TOKEN_KEY = 'tandem.token';

export function getToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}
export function setToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
}
export function clearToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** The token's id part: tdm_<id>_<secret>. */
export function tokenId(token: string): string {
  return token.split('_')[1] ?? '';
}

export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
  ) {
    super(message);
  }
}

type Listener = () => void;
const unauthenticatedListeners: Listener[] = [];
/** Called on every 401 (the app shows the login page). */
export function onUnauthenticated(l: Listener): void {
  unauthenticatedListeners.push(l);
}

export async function api<T>(method: 'GET' | 'POST', path: string, body?: unknown, token = getToken()): Promise<T> {
  const headers: Record<string, string> = {};
  if (token) headers['Authorization'] = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.ok) return (await res.json()) as T;
  let code = 'internal';
  let message = `${res.status} ${res.statusText}`;
  try {
    const e = (await res.json()) as ApiErrorBody;
    code = e.error.code;
    message = e.error.message;
  } catch {
    /* not the error shape: keep the status line */
  }
  if (res.status === 401) {
    clearToken();
    for (const l of unauthenticatedListeners) l();
  }
  throw new ApiError(res.status, code, message);
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});

/** Percent-encodes one path segment (ids may hold '/'). */
export const seg = (s: string) => encodeURIComponent(s);
