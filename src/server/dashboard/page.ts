import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { RunRow, ServiceRow } from '../views.js';
import { STYLE } from './style.js';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface DashboardModel {
  services: ServiceRow[];
  runs: RunRow[];
  running?: { trigger: string; startedAt: string };
  nextRun?: string;
  checkOnly: boolean;
  /** Present when the viewer may press buttons: the session's CSRF token. */
  csrf?: string;
  canSignIn: boolean;
  notice?: string;
}

export function layout(title: string, body: Html): Html {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title}</title><style>${raw(STYLE)}</style></head>
<body>${body}</body></html>`;
}

export function dashboardPage(model: DashboardModel): Html {
  const errors = model.services.filter((s) => s.status === 'error');
  return layout(
    'dokploy-autoupdate',
    html`<header><h1>dokploy-autoupdate</h1>
<div class="actions">${statusLine(model)} ${buttons(model)}</div></header>
<main>
${model.notice ? html`<p><strong>${model.notice}</strong></p>` : ''}
<h2>Services (${model.services.length})</h2>
${model.services.length === 0 ? NO_SERVICES : servicesTable(model)}
${errors.length > 0 ? errorList(errors) : ''}
<h2>Runs</h2>
${runsTable(model.runs)}
</main>`,
  );
}

function statusLine(model: DashboardModel): Html {
  const mode = model.checkOnly ? html`<span class="badge s-skipped">check only</span> ` : '';
  if (model.running) {
    return html`${mode}<span class="badge s-running">running</span>
<span class="muted">${model.running.trigger} since ${time(model.running.startedAt)}</span>`;
  }
  const next = model.nextRun ? time(model.nextRun) : '—';
  return html`${mode}<span class="muted">next run ${next}</span>`;
}

function buttons(model: DashboardModel): Html {
  if (!model.csrf) {
    return model.canSignIn ? html`<a href="/login">Sign in</a>` : html``;
  }
  return html`${post('/ui/check', model.csrf, 'Check now')}
${model.checkOnly ? '' : post('/ui/run', model.csrf, 'Update now', true)}
${post('/logout', model.csrf, 'Sign out')}`;
}

function post(action: string, csrf: string, label: string, primary = false): Html {
  return html`<form method="post" action="${action}">
<input type="hidden" name="csrf" value="${csrf}">
<button${primary ? raw(' class="primary"') : ''}>${label}</button></form>`;
}

function servicesTable(model: DashboardModel): Html {
  return html`<table><thead><tr><th>Service</th><th>Images</th><th>Status</th>
<th>Last check</th><th>Last update</th><th></th></tr></thead><tbody>
${model.services.map(
  (s) => html`<tr>
<td data-label="Service"><strong>${s.name}</strong><br><span class="muted">${s.project}
${s.environment ? html` / ${s.environment}` : ''}</span></td>
<td data-label="Images">${s.images.map(imageLine)}</td>
<td data-label="Status">${badge(s.status)}${s.reason ? note(s.reason, true) : ''}</td>
<td data-label="Last check">${time(s.lastCheck)}</td>
<td data-label="Last update">${s.lastUpdate ? time(s.lastUpdate) : '—'}</td>
<td>${canUpdate(model, s) ? updateButton(s, model.csrf ?? '') : ''}</td>
</tr>`,
)}</tbody></table>`;
}

function imageLine(image: ServiceRow['images'][number]): Html {
  const digests =
    image.status === 'updated' || image.status === 'update-available'
      ? mono(`${short(image.currentDigest)} → ${short(image.remoteDigest)}`)
      : image.currentDigest
        ? mono(short(image.currentDigest))
        : '';
  return html`<div class="img"><span class="mono">${image.image}</span>
${badge(image.status)}${digests}</div>`;
}

function errorList(services: ServiceRow[]): Html {
  const lines = services.flatMap((s) => {
    const own = s.reason ? [`${s.project} / ${s.name}: ${s.reason}`] : [];
    const images = s.images
      .filter((i) => i.status === 'error')
      .map((i) => `${s.project} / ${s.name}: ${i.image}: ${i.reason ?? 'failed'}`);
    return [...own, ...images];
  });
  return html`<h2>Errors</h2><ul class="errors">${lines.map((l) => html`<li>${l}</li>`)}</ul>`;
}

function runsTable(runs: RunRow[]): Html {
  if (runs.length === 0) return html`<p class="muted">No runs yet.</p>`;
  return html`<table><thead><tr><th>Started</th><th>Trigger</th><th>Outcome</th><th>Duration</th>
<th>Summary</th></tr></thead><tbody>${runs.map(
    (r) => html`<tr><td data-label="Started">${time(r.startedAt)}</td>
<td data-label="Trigger">${r.trigger}${r.dryRun ? ' (check)' : ''}</td>
<td data-label="Outcome">${badge(r.status)}${r.note ? note(r.note) : ''}</td>
<td data-label="Duration">${r.durationSeconds !== undefined ? `${r.durationSeconds} s` : '—'}</td>
<td data-label="Summary">${summary(r)}</td></tr>`,
  )}</tbody></table>`;
}

function summary(run: RunRow): string {
  const s = run.summary;
  if (!s) return '';
  const parts = [
    `${s.services} services`,
    s.updated ? `${s.updated} updated` : '',
    s.updateAvailable ? `${s.updateAvailable} available` : '',
    s.errors ? `${s.errors} errors` : '',
  ];
  return parts.filter(Boolean).join(', ');
}

function canUpdate(model: DashboardModel, service: ServiceRow): boolean {
  return Boolean(model.csrf) && !model.checkOnly && service.kind === 'compose';
}

const NO_SERVICES = html`<p class="muted">No run has finished yet.</p>`;

function note(text: string, below = false): Html {
  return html`${below ? raw('<br>') : ' '}<span class="muted">${text}</span>`;
}

function mono(text: string): Html {
  return html` <span class="mono muted">${text}</span>`;
}

function updateButton(service: ServiceRow, csrf: string): Html {
  return post(`/ui/services/${encodeURIComponent(service.id)}/update`, csrf, 'Update');
}

function badge(status: string): Html {
  return html`<span class="badge s-${status}">${status}</span>`;
}

function short(digest: string | undefined): string {
  return digest ? digest.replace(/^sha256:/, '').slice(0, 12) : '?';
}

// UTC with minutes: the same on every viewer's phone, and sortable by eye.
function time(iso: string): Html {
  const text = iso.replace('T', ' ').slice(0, 16);
  return html`<time datetime="${iso}">${text} UTC</time>`;
}
