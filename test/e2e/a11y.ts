/** The accessibility check every screen of the end-to-end tests passes: no serious axe finding. */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export async function expectNoSeriousA11yViolations(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    serious.map((v) => `${screen}: ${v.id} — ${v.help} (${v.nodes.map((n) => n.html.slice(0, 300)).join(' | ')})`),
  ).toEqual([]);
}
