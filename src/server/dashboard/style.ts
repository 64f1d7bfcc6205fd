/** Inline CSS: no CDN, no extra request, readable on a phone (tables fold into cards). */
export const STYLE = `
:root{--bg:#f6f7f9;--fg:#1c2430;--muted:#5c6775;--card:#fff;--line:#dde2e8;--ok:#1f7a3a;
--warn:#9a6700;--bad:#b42318;--info:#1d4ed8;font-family:system-ui,-apple-system,Segoe UI,sans-serif}
@media (prefers-color-scheme:dark){:root{--bg:#11161c;--fg:#e6edf3;--muted:#9aa7b4;--card:#19212a;
--line:#2b3641;--ok:#4ac26b;--warn:#d4a72c;--bad:#f47067;--info:#6cb6ff}}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);font-size:15px}
header{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;justify-content:space-between;
padding:.75rem 1rem;background:var(--card);border-bottom:1px solid var(--line)}
h1{font-size:1.1rem;margin:0}h2{font-size:1rem;margin:1.25rem 0 .5rem}
main{max-width:1100px;margin:0 auto;padding:0 1rem 2rem}
.muted{color:var(--muted)}.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em}
table{width:100%;border-collapse:collapse;background:var(--card);border:1px solid var(--line)}
th,td{text-align:left;padding:.45rem .6rem;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:.8rem;color:var(--muted);font-weight:600}
.badge{display:inline-block;padding:.05rem .45rem;border-radius:1rem;font-size:.78rem;
font-weight:600;border:1px solid currentColor;white-space:nowrap}
.s-up-to-date,.s-succeeded,.s-updated{color:var(--ok)}.s-update-available{color:var(--info)}
.s-error,.s-failed,.s-interrupted{color:var(--bad)}.s-skipped,.s-running{color:var(--warn)}
form{display:inline}button{font:inherit;padding:.35rem .8rem;border-radius:.4rem;cursor:pointer;
border:1px solid var(--line);background:var(--card);color:var(--fg)}
button.primary{background:var(--info);border-color:var(--info);color:#fff}
.errors li{color:var(--bad);margin:.2rem 0}.img{margin:.1rem 0}
.actions{display:flex;gap:.5rem;flex-wrap:wrap;align-items:center}
@media (max-width:700px){table,thead,tbody,tr,td{display:block}thead{display:none}
tr{border-bottom:1px solid var(--line);padding:.4rem 0}td{border:0;padding:.2rem .6rem}
td[data-label]::before{content:attr(data-label) ": ";color:var(--muted);font-size:.8rem}}
`;
