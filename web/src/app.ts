// SPDX-License-Identifier: Apache-2.0
// The shell: login, the top bar, and a hash router (#/ops, #/tracker, #/whatif, #/mywork).
import { LitElement, html } from 'lit';
import { ApiError, api, clearToken, getToken, onUnauthenticated, setToken } from './api/client';
import { live } from './live-instance';
import { clearSession, getAccess, getAgentId, setSession, type Access } from './session';
import './views/ops';
import './views/tracker';
import './views/mywork';
import './views/whatif';

type Route = 'login' | 'ops' | 'tracker' | 'whatif' | 'mywork';

function currentRoute(): { route: Route; query: URLSearchParams } {
  const h = location.hash.replace(/^#\/?/, '');
  const [path, q] = h.split('?');
  const route = (['ops', 'tracker', 'whatif', 'mywork'].includes(path) ? path : 'login') as Route;
  return { route, query: new URLSearchParams(q ?? '') };
}

export class TandemApp extends LitElement {
  static properties = { route: { state: true }, error: { state: true }, busy: { state: true }, connected: { state: true } };
  declare route: Route;
  query = new URLSearchParams();
  declare error: string;
  declare busy: boolean;
  declare connected: boolean;

  constructor() {
    super();
    this.route = 'login';
    this.error = '';
    this.busy = false;
    this.connected = false;
  }

  createRenderRoot() {
    return this;
  }

  connectedCallback(): void {
    super.connectedCallback();
    onUnauthenticated(() => this.logout('Your token was refused (401): please log in again.'));
    window.addEventListener('hashchange', () => this.sync());
    live.subscribe(() => {
      if (live.connected !== this.connected) this.connected = live.connected;
    });
    this.sync();
  }

  private sync(): void {
    const { route, query } = currentRoute();
    const access = getAccess();
    if (!getToken() || !access) {
      this.route = 'login';
      return;
    }
    if (route === 'login') {
      location.hash = access === 'agent' ? '#/mywork' : '#/ops';
      return;
    }
    this.query = query;
    this.route = route;
    if (!live.isOpen) live.open();
  }

  private logout(message = ''): void {
    live.close();
    clearToken();
    clearSession();
    this.error = message;
    this.route = 'login';
    location.hash = '#/login';
  }

  private async login(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const token = (form.elements.namedItem('token') as HTMLInputElement).value.trim();
    const agent = (form.elements.namedItem('agent') as HTMLInputElement).value.trim();
    this.busy = true;
    this.error = '';
    try {
      // The role decides the views: a reader of /queues sees Operations; an agent sees My work.
      let access: Access = 'operations';
      try {
        await api('GET', '/queues', undefined, token);
      } catch (err) {
        if (!(err instanceof ApiError) || err.status !== 403) throw err;
        access = 'agent';
        if (!agent) throw new ApiError(403, 'forbidden', 'This token may not see the queues: give your agent id to open My work.');
        await api('GET', `/agents/${encodeURIComponent(agent)}`, undefined, token);
      }
      setToken(token);
      setSession(access, agent);
      live.open();
      location.hash = access === 'agent' ? '#/mywork' : '#/ops';
      this.sync();
    } catch (err) {
      this.error =
        err instanceof ApiError
          ? err.status === 401
            ? 'The server does not know this token (401).'
            : err.status === 403
              ? `Not allowed (403): ${err.message}`
              : `${err.status}: ${err.message}`
          : `Cannot reach the server: ${String(err)}`;
    } finally {
      this.busy = false;
    }
  }

  render() {
    if (this.route === 'login') {
      return html`<main class="login">
        <div class="card">
          <h2>Tandem — log in</h2>
          <p class="muted">Paste the API token you were given (<code>tdm_…</code>). It is kept for this browser tab only.</p>
          <form @submit=${this.login}>
            <label for="token">Token</label>
            <input id="token" name="token" type="password" autocomplete="off" required />
            <label for="agent">Agent id (agents only)</label>
            <input id="agent" name="agent" placeholder="e.g. a7" value=${getAgentId()} />
            <p><button type="submit" ?disabled=${this.busy}>Log in</button></p>
          </form>
          ${this.error ? html`<div class="notice error" role="alert">${this.error}</div>` : ''}
        </div>
      </main>`;
    }
    const access = getAccess();
    const link = (r: Route, label: string) => html`<a href="#/${r}" class=${this.route === r ? 'active' : ''}>${label}</a>`;
    return html`<header class="top">
        <h1>Tandem</h1>
        <nav>
          ${access === 'operations' ? link('ops', 'Operations now') : ''} ${link('tracker', 'Item tracker')}
          ${access === 'operations' ? link('whatif', 'What-if') : ''}
          ${access === 'agent' ? link('mywork', 'My work') : ''}
        </nav>
        <div class="right">
          <span class="live-dot ${this.connected ? '' : 'off'}">${this.connected ? 'live' : 'reconnecting'}</span>
          ${access === 'agent' ? html`<span>agent ${getAgentId()}</span>` : ''}
          <button class="secondary" @click=${() => this.logout()}>Log out</button>
        </div>
      </header>
      <main>
        ${this.route === 'ops'
          ? html`<tandem-ops></tandem-ops>`
          : this.route === 'tracker'
            ? html`<tandem-tracker .initial=${this.query.get('q') ?? ''}></tandem-tracker>`
            : this.route === 'whatif'
              ? html`<tandem-whatif></tandem-whatif>`
              : html`<tandem-mywork></tandem-mywork>`}
      </main>`;
  }
}
customElements.define('tandem-app', TandemApp);
