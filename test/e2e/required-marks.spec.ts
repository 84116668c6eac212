/**
 * Issue 12: the form's required marks come from each type's one description, conditions
 * included: LH asks for the judgment's country only for a foreign judgment, TD marks the birth
 * date of the person changed (both as the rules require).
 */
import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import { sohoa } from '../fixtures/sohoa';
import { makeBookPdf } from '../fixtures/scans';
import { useSession } from './session';

const session = useSession();

async function makeBook(type: string): Promise<string> {
  const pdf = await makeBookPdf(path.join(session.scansDir, `${type}.pdf`), 2);
  const { stdout } = await sohoa(
    'book',
    'import',
    pdf,
    '--type',
    type,
    '--volume',
    '01/2020',
    '--office',
    'UBND xã Tân Lập',
    '--data-dir',
    session.dataDir,
  );
  return stdout.trim();
}

async function openBook(page: Page, bookId: string) {
  await page.goto(`${session.host!.openUrl.replace(/\?.*/, '')}#/so/${bookId}`);
  await expect(page.locator('form.entry-form')).toBeVisible();
}

test('required marks follow the rules: LH country only for a foreign judgment, TD birth date', async ({ page }) => {
  test.setTimeout(120_000);
  const lh = await makeBook('LH');
  const td = await makeBook('TD');
  await session.start();
  await page.goto(session.host!.openUrl);

  await openBook(page, lh);
  const judgment = page.getByRole('group', { name: 'Bản án / Quyết định', exact: true });
  const country = judgment.getByLabel('Quốc gia', { exact: true });
  await expect(country).toHaveAttribute('aria-required', 'true');
  await page.getByLabel('Nguồn', { exact: true }).selectOption('trong-nuoc');
  await expect(country).not.toHaveAttribute('aria-required', 'true');
  await page.getByLabel('Nguồn', { exact: true }).selectOption('nuoc-ngoai');
  await expect(country).toHaveAttribute('aria-required', 'true');

  await openBook(page, td);
  const person = page.getByRole('group', {
    name: 'Người được thay đổi, cải chính, bổ sung, xác định lại dân tộc',
    exact: true,
  });
  await expect(person.getByLabel('Ngày, tháng, năm sinh', { exact: true })).toHaveAttribute('aria-required', 'true');
});
