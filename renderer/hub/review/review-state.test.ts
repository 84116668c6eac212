import { describe, expect, it } from 'vitest';
import type { LotDetail, ReviewEntry, ReviewField, SampleItem } from '../../../shared/review/hub-api';
import {
  blindFields,
  fieldStatus,
  restOk,
  samplePlace,
  shownValue,
  viewerPage,
  withPending,
  type PendingVerdict,
} from './review-state';

function field(path: string, extra: Partial<ReviewField> = {}): ReviewField {
  return {
    path,
    label: path,
    critical: false,
    value: 'x',
    mark: null,
    blindValue: null,
    blindDisagrees: false,
    verdict: null,
    readValue: null,
    note: null,
    ...extra,
  };
}

function entry(fields: ReviewField[]): ReviewEntry {
  return {
    lotId: '00000000-0000-4000-8000-000000000001',
    entryId: '00000000-0000-4000-8000-000000000002',
    entryVersion: 1,
    bookType: 'TD',
    reasons: ['random'],
    blindPending: fields.some((f) => f.critical && f.blindValue === null),
    fields,
    pages: [],
    warnings: [],
    createdBy: 'clerk',
    updatedBy: 'clerk',
    previousEntryId: null,
    nextEntryId: null,
  };
}

describe('review state', () => {
  it('lays verdicts still on their way over what the hub sent, leaving the rest as it was', () => {
    const served = entry([field('a'), field('b', { verdict: 'ok' })]);
    const pending = new Map<string, PendingVerdict>([['a', { verdict: 'wrong', readValue: 'y', note: 'mờ' }]]);
    const shown = withPending(served, pending);
    expect(shown.fields[0]).toMatchObject({ verdict: 'wrong', readValue: 'y', note: 'mờ' });
    expect(shown.fields[1]).toBe(served.fields[1]);
    expect(withPending(served, new Map())).toBe(served);
  });

  it('"các ô còn lại đúng" marks only the fields without a verdict', () => {
    const rest = restOk(entry([field('a', { verdict: 'wrong', readValue: '' }), field('b'), field('c')]));
    expect([...rest.keys()]).toEqual(['b', 'c']);
    expect(rest.get('b')).toEqual({ verdict: 'ok', readValue: null, note: null });
  });

  it('asks the blind read only of critical fields not yet read', () => {
    const e = entry([
      field('so', { critical: true, value: null }),
      field('nguoi.hoTen', { critical: true, blindValue: 'A', verdict: 'ok' }),
      field('ghiChu'),
    ]);
    expect(blindFields(e).map((f) => f.path)).toEqual(['so']);
  });

  it('tells a blind agreement from a settled disagreement and from a plain verdict', () => {
    expect(fieldStatus(field('a'))).toBe('unchecked');
    expect(fieldStatus(field('a', { critical: true, blindValue: 'A', verdict: 'ok' }))).toBe('blind-match');
    expect(fieldStatus(field('a', { critical: true, blindValue: 'B', blindDisagrees: true }))).toBe('disagrees');
    expect(fieldStatus(field('a', { critical: true, blindValue: 'B', blindDisagrees: true, verdict: 'ok' }))).toBe(
      'ok',
    );
    expect(fieldStatus(field('a', { verdict: 'wrong', readValue: 'z' }))).toBe('wrong');
  });

  it('places the entry in the sample by the reviewer order and counts the judged ones', () => {
    const item = (entryId: string, order: number, judged: boolean): SampleItem => ({
      entryId,
      entryVersion: 1,
      order,
      reasons: ['random'],
      label: entryId,
      judged,
      defective: false,
    });
    const lot = { sample: [item('c', 3, false), item('a', 1, true), item('b', 2, true)] } as Pick<LotDetail, 'sample'>;
    expect(samplePlace(lot as LotDetail, 'b')).toEqual({
      position: 2,
      total: 3,
      judged: 2,
      complete: false,
      previousEntryId: 'a',
      nextEntryId: 'c',
    });
    expect(samplePlace(lot as LotDetail, 'a').previousEntryId).toBeNull();
    expect(samplePlace(lot as LotDetail, 'zz').position).toBe(0);
    const done = { sample: [item('a', 1, true)] } as LotDetail;
    expect(samplePlace(done, 'a').complete).toBe(true);
  });

  it('shows an empty value as such', () => {
    expect(shownValue('')).toBe('(để trống)');
    expect(shownValue(null)).toBe('(để trống)');
    expect(shownValue('Nguyễn Văn A')).toBe('Nguyễn Văn A');
  });

  it('gives the viewer the page the hub sends: quarter turns, sizes only when known', () => {
    const page = {
      pageId: '00000000-0000-4000-8000-000000000003',
      pageNo: 7,
      scanSha256: 'a'.repeat(64),
      mediaType: 'application/pdf',
      indexInFile: 6,
      rotation: -90,
      width: null,
      height: 842,
      rect: null,
    };
    expect(viewerPage(page)).toEqual({
      id: page.pageId,
      pageNo: 7,
      scanFileId: page.scanSha256,
      sha256: page.scanSha256,
      mediaType: 'application/pdf',
      indexInFile: 6,
      rotation: 270,
      width: undefined,
      height: 842,
    });
    expect(viewerPage({ ...page, rotation: 450 }).rotation).toBe(90);
    expect(viewerPage({ ...page, rotation: 180 }).rotation).toBe(180);
  });
});
