/** One finding of `doctor`: what was checked, whether it is fine, and what to do if not. */
export interface Finding {
  check: string;
  ok: boolean;
  /** What was seen, in plain words. */
  detail: string;
  /** How to fix it; only when not ok. */
  fix?: string;
}

export function formatFindings(findings: Finding[]): string {
  const lines: string[] = [];
  for (const finding of findings) {
    lines.push(`${finding.ok ? 'ok  ' : 'FAIL'}  ${finding.check}: ${finding.detail}`);
    if (!finding.ok && finding.fix) lines.push(`      fix: ${finding.fix}`);
  }
  const failed = findings.filter((f) => !f.ok).length;
  lines.push('', failed === 0 ? 'All checks passed.' : `${failed} check(s) failed.`);
  return `${lines.join('\n')}\n`;
}

export function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  // Node puts the socket's errno on the innermost cause (fetch wraps it once or twice).
  for (let depth = 0; depth < 5 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
