import { html } from 'hono/html';
import { layout } from './page.js';

export function loginPage(error?: string) {
  return layout(
    'Sign in · dokploy-autoupdate',
    html`<main><h2>Sign in</h2>
${error ? html`<p class="errors"><strong>${error}</strong></p>` : ''}
<form method="post" action="/login">
<p><label for="token">API token</label><br>
<input id="token" name="token" type="password" autocomplete="current-password" required
style="width:min(100%,28rem);padding:.4rem"></p>
<p><button class="primary">Sign in</button></p></form></main>`,
  );
}
