import fs from 'node:fs';
import type { Page } from 'playwright-core';

/** Read when first used: @theqa/testing is imported by many suites that never open a browser. */
let axeSource: string | undefined;

interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

/**
 * axe-core run in the page as the person sees it. The script is evaluated through the browser's
 * debugging protocol, which the pages' Content-Security-Policy (no inline script at all) does not
 * govern, so the pages are checked with their real policy in force. The serious and critical
 * violations, one line each.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  axeSource ??= fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  const violations = (await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  })) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
