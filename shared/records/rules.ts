/**
 * Rules on entries, written once and used by the form, the backend write path and the CLI
 * (ho-tich.md §6). Errors block saving and live in each type's superRefine; warnings are shown
 * and saved with the entry and come from each type's `warnings(record, context)`.
 *
 * Every function here reads the record defensively: superRefine runs with `when: () => true`
 * (so all errors show at once) and may see a payload that failed other checks.
 */
import {
  ageRange,
  formatForDisplay,
  isCertainlyAfter,
  parseIsoPartialDate,
  todayAsPartialDate,
  type PartialDate,
} from '../dates/partial-date';
import { findIdType } from '../catalogs/id-types';
import { DEFAULT_NATIONALITY } from '../catalogs/nationalities';
import { foldForSearch, nfc } from '../text/normalize';
import { SO_PATTERN } from './fields';
import {
  isMarkedIllegible,
  isMarkedUncertain,
  markOf,
  markedPaths,
  pathFromKey,
  textAt,
  valueAt,
  type FieldPath,
} from './marks';

export interface RuleIssue {
  path: (string | number)[];
  message: string;
}

/** What the warnings know beyond the entry itself. */
export interface WarningContext {
  /** The book's "Mở ngày" (ISO partial date), when recorded. */
  bookOpenedOn?: string;
}

/** The part of zod's refinement context the rules use. */
export interface IssueSink {
  addIssue(issue: { code: 'custom'; path: (string | number)[]; message: string }): void;
}

export function reportIssues(ctx: IssueSink, issues: RuleIssue[]): void {
  for (const issue of issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
}

/** A person block on an entry and what it holds. */
export interface PersonRef {
  path: (string | number)[];
  /** Has ngaySinh, gioiTinh, quocTich, soDinhDanh (a full person block, not a registrant). */
  full: boolean;
}

// ---------------------------------------------------------------------------------------------
// Required fields

function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

/**
 * Required fields: empty is allowed only when the field is marked illegible / not given
 * (khongDocDuoc) or, for dates, given in the lunar calendar (amLich).
 */
export function missingUnlessMarked(record: unknown, paths: FieldPath[], message: string): RuleIssue[] {
  return paths
    .filter(
      (path) =>
        isEmptyValue(valueAt(record, path)) && !isMarkedIllegible(record, path) && !markOf(record, path)?.amLich,
    )
    .map((path) => ({ path: [...path], message }));
}

/** The same, reported straight into a superRefine context. */
export function requireUnlessMarked(record: unknown, ctx: IssueSink, paths: FieldPath[], message: string): void {
  reportIssues(ctx, missingUnlessMarked(record, paths, message));
}

/** A hint appended to "required" messages: what to do when the book does not give it. */
export const UNLESS_MARKED_HINT = 'hoặc đánh dấu "Không đọc được"';

/** "Bắt buộc nhập số, hoặc đánh dấu …": the message of a required text or date field. */
export function requiredMessage(what: string): string {
  return `Bắt buộc nhập ${what}, ${UNLESS_MARKED_HINT}`;
}

/** "Chọn loại giám hộ, hoặc đánh dấu …": the message of a required pick list. */
export function requiredChoiceMessage(what: string): string {
  return `Chọn ${what}, ${UNLESS_MARKED_HINT}`;
}

// ---------------------------------------------------------------------------------------------
// Dates

/** The stored date at a path, parsed; undefined when empty or invalid (the schema reports those). */
export function dateAt(record: unknown, path: FieldPath): PartialDate | undefined {
  const text = textAt(record, path);
  return text ? parseIsoPartialDate(text) : undefined;
}

/** Each listed date must not be after today. */
export function futureDateErrors(record: unknown, paths: FieldPath[], now: Date = new Date()): RuleIssue[] {
  const today = todayAsPartialDate(now);
  return paths.flatMap((path) => {
    const date = dateAt(record, path);
    return date && isCertainlyAfter(date, today)
      ? [{ path: [...path], message: 'Ngày này không thể sau ngày hôm nay' }]
      : [];
  });
}

/**
 * An issue when the date at `laterPath` is certainly before the one at `earlierPath` (partial
 * dates that may be equal never raise it); reported on `reportOn`, by default `laterPath`.
 */
export function outOfOrder(
  record: unknown,
  earlierPath: FieldPath,
  laterPath: FieldPath,
  message: string,
  reportOn: FieldPath = laterPath,
): RuleIssue[] {
  const earlier = dateAt(record, earlierPath);
  const later = dateAt(record, laterPath);
  return earlier && later && isCertainlyAfter(earlier, later) ? [{ path: [...reportOn], message }] : [];
}

/**
 * Registration fields: số and the registration date required unless marked; the registration
 * date not after today. `dateLabel` is "ngày đăng ký", or "ngày ghi chú" in the LH book.
 */
export function registrationErrors(record: unknown, dateLabel = 'ngày đăng ký', now: Date = new Date()): RuleIssue[] {
  const registered = dateAt(record, ['ngayDangKy']);
  const issues = [
    ...missingUnlessMarked(record, [['so']], requiredMessage('số')),
    ...missingUnlessMarked(record, [['ngayDangKy']], requiredMessage(dateLabel)),
  ];
  if (registered && isCertainlyAfter(registered, todayAsPartialDate(now))) {
    issues.push({ path: ['ngayDangKy'], message: `${capitalize(dateLabel)} không thể sau ngày hôm nay` });
  }
  return issues;
}

/** Birth ≤ registration ≤ today for every full person block. */
export function birthDateErrors(
  record: unknown,
  people: PersonRef[],
  dateLabel = 'ngày đăng ký',
  now: Date = new Date(),
): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const registered = dateAt(record, ['ngayDangKy']);
  const today = todayAsPartialDate(now);
  for (const person of people.filter((p) => p.full)) {
    const path = [...person.path, 'ngaySinh'];
    const born = dateAt(record, path);
    if (!born) continue;
    if (isCertainlyAfter(born, today)) issues.push({ path, message: 'Ngày sinh không thể sau ngày hôm nay' });
    else if (registered && isCertainlyAfter(born, registered)) {
      issues.push({ path, message: `Ngày sinh không thể sau ${dateLabel}` });
    }
  }
  return issues;
}

/** Registration date ≥ the book's opening date: a warning (books get back-filled). */
export function bookOpenedWarnings(record: unknown, context: WarningContext, dateLabel = 'ngày đăng ký'): RuleIssue[] {
  const opened = context.bookOpenedOn ? parseIsoPartialDate(context.bookOpenedOn) : undefined;
  const registered = dateAt(record, ['ngayDangKy']);
  if (!opened || !registered || !isCertainlyAfter(opened, registered)) return [];
  return [
    {
      path: ['ngayDangKy'],
      message: `${capitalize(dateLabel)} trước ngày mở sổ (${formatForDisplay(context.bookOpenedOn!)}): kiểm tra lại`,
    },
  ];
}

/** The age span at a date of the person at `personPath` (see ageRange); undefined if unknown. */
export function ageAt(
  record: unknown,
  personPath: FieldPath,
  atPath: FieldPath,
): { min: number; max: number } | undefined {
  const born = dateAt(record, [...personPath, 'ngaySinh']);
  const at = dateAt(record, atPath);
  return born && at ? ageRange(born, at) : undefined;
}

/** "17 tuổi" when exact, "17–18 tuổi" when the partial dates leave it open. */
export function formatAge(age: { min: number; max: number }): string {
  return age.min === age.max ? `${age.min} tuổi` : `${age.min}–${age.max} tuổi`;
}

// ---------------------------------------------------------------------------------------------
// Số

/** Splits "12/2018" into its number and year; undefined parts when the book wrote something else. */
export function parseSo(so: string): { number?: number; year?: number } {
  const m = SO_PATTERN.exec(typeof so === 'string' ? so.trim() : '');
  if (!m) return {};
  return { number: Number(m[1]), year: m[2] ? Number(m[2]) : undefined };
}

/** Số not `n/yyyy`, or its year differing from the registration year (multi-year volumes): warnings. */
export function soWarnings(so: string | undefined, ngayDangKy: string | undefined): RuleIssue[] {
  if (!so?.trim()) return [];
  const parsed = parseSo(so);
  if (parsed.number === undefined) {
    return [{ path: ['so'], message: 'Số không theo dạng n/yyyy (ví dụ 01/2018); giữ nguyên như trong sổ' }];
  }
  const registered = ngayDangKy ? parseIsoPartialDate(ngayDangKy) : undefined;
  if (parsed.year !== undefined && registered && parsed.year !== registered.year) {
    return [{ path: ['so'], message: `Năm trong số (${parsed.year}) khác năm đăng ký (${registered.year})` }];
  }
  return [];
}

// ---------------------------------------------------------------------------------------------
// Identity numbers

const TWELVE_DIGITS = /^\d{12}$/;

/**
 * What a 12-digit personal number says (ho-tich.md §6): digit 4 gives century and sex
 * (0/1 = 1900s male/female, 2/3 = 2000s, and so on by hundred years), digits 5–6 the birth year.
 */
export function decodePersonalNumber(value: string): { gioiTinh: '1' | '2'; namSinh: number } | undefined {
  if (!TWELVE_DIGITS.test(value)) return undefined;
  const digit = Number(value[3]);
  return {
    gioiTinh: digit % 2 === 0 ? '1' : '2',
    namSinh: 1900 + 100 * Math.floor(digit / 2) + Number(value.slice(4, 6)),
  };
}

/** CCCD / thẻ căn cước and số định danh: exactly 12 digits (error, lenient when marked illegible). */
export function idErrors(record: unknown, people: PersonRef[]): RuleIssue[] {
  const issues: RuleIssue[] = [];
  for (const person of people) {
    const numberPath = [...person.path, 'giayTo', 'so'];
    const number = textAt(record, numberPath);
    const type = findIdType(textAt(record, [...person.path, 'giayTo', 'loai']));
    if (
      number &&
      type?.check === 'twelve-digits' &&
      !TWELVE_DIGITS.test(number) &&
      !isMarkedUncertain(record, numberPath)
    ) {
      issues.push({ path: numberPath, message: `Số ${type.name.toLowerCase()} phải gồm đúng 12 chữ số` });
    }
    if (!person.full) continue;
    const idPath = [...person.path, 'soDinhDanh'];
    const personal = textAt(record, idPath);
    if (personal && !TWELVE_DIGITS.test(personal) && !isMarkedUncertain(record, idPath)) {
      issues.push({ path: idPath, message: 'Số định danh cá nhân phải gồm đúng 12 chữ số' });
    }
  }
  return issues;
}

/** A 12-digit number against the person's sex and birth year: warnings. */
function structureWarnings(record: unknown, person: PersonRef, numberPath: FieldPath, label: string): RuleIssue[] {
  const decoded = decodePersonalNumber(textAt(record, numberPath));
  if (!decoded || !person.full) return [];
  const issues: RuleIssue[] = [];
  const sex = textAt(record, [...person.path, 'gioiTinh']);
  if ((sex === '1' || sex === '2') && sex !== decoded.gioiTinh) {
    issues.push({
      path: [...numberPath],
      message: `Chữ số thứ 4 của ${label} ứng với giới tính ${decoded.gioiTinh === '1' ? 'Nam' : 'Nữ'}, khác giới tính đã nhập`,
    });
  }
  const birthPath = [...person.path, 'ngaySinh'];
  const born = dateAt(record, birthPath);
  // A lunar date converted to an approximate year may be off by one: no warning then.
  if (born && !markOf(record, birthPath)?.amLich && born.year !== decoded.namSinh) {
    issues.push({
      path: [...numberPath],
      message: `Chữ số thứ 4–6 của ${label} ứng với năm sinh ${decoded.namSinh}, khác năm sinh đã nhập (${born.year})`,
    });
  }
  return issues;
}

/**
 * Identity numbers that look wrong (never required, ho-tich.md §6): CMND 9 or 12 digits,
 * Vietnamese passport one letter and 7 digits, a number without a kind, 12-digit numbers
 * against sex and birth year, CCCD ≠ số định danh.
 */
export function idWarnings(record: unknown, people: PersonRef[]): RuleIssue[] {
  const issues: RuleIssue[] = [];
  for (const person of people) {
    const numberPath = [...person.path, 'giayTo', 'so'];
    const number = textAt(record, numberPath);
    const code = textAt(record, [...person.path, 'giayTo', 'loai']);
    const type = findIdType(code);
    const illegible = isMarkedUncertain(record, numberPath);
    if (number && !type) {
      issues.push({ path: [...person.path, 'giayTo', 'loai'], message: 'Chọn loại giấy tờ tùy thân cho số đã nhập' });
    }
    if (number && !illegible && type?.check === 'cmnd' && !/^(\d{9}|\d{12})$/.test(number)) {
      issues.push({
        path: numberPath,
        message: 'Số CMND thường gồm 9 chữ số (12 chữ số với CMND cấp từ 2012 đến 2016)',
      });
    }
    const nationality = person.full ? textAt(record, [...person.path, 'quocTich']) : '';
    const vietnamese = !nationality || nationality === DEFAULT_NATIONALITY;
    if (number && !illegible && type?.check === 'passport' && vietnamese && !/^[A-Za-z]\d{7}$/.test(number)) {
      issues.push({ path: numberPath, message: 'Số hộ chiếu Việt Nam gồm 1 chữ cái và 7 chữ số (ví dụ C1234567)' });
    }
    if (type?.check === 'twelve-digits' || type?.check === 'cmnd') {
      issues.push(...structureWarnings(record, person, numberPath, 'số giấy tờ'));
    }
    if (!person.full) continue;
    const idPath = [...person.path, 'soDinhDanh'];
    const personal = textAt(record, idPath);
    issues.push(...structureWarnings(record, person, idPath, 'số định danh'));
    if (
      type?.check === 'twelve-digits' &&
      TWELVE_DIGITS.test(number) &&
      TWELVE_DIGITS.test(personal) &&
      number !== personal
    ) {
      issues.push({ path: idPath, message: 'Số định danh cá nhân khác số thẻ căn cước: kiểm tra lại' });
    }
  }
  return issues;
}

// ---------------------------------------------------------------------------------------------
// Text

/** Texts equal as written (NFC, outer and repeated spaces ignored; case and diacritics count). */
export function sameText(a: string, b: string): boolean {
  const norm = (s: string) => nfc(s).trim().replace(/\s+/g, ' ');
  return norm(a) === norm(b);
}

/** Names equal for the "same person" rules: case and diacritics ignored. */
export function sameName(a: string, b: string): boolean {
  return Boolean(a) && Boolean(b) && foldForSearch(a) === foldForSearch(b);
}

/** Same name (case and diacritics ignored) and birth dates that do not differ. */
export function isSamePerson(record: unknown, a: FieldPath, b: FieldPath): boolean {
  if (!sameName(textAt(record, [...a, 'hoTen']), textAt(record, [...b, 'hoTen']))) return false;
  const bornA = textAt(record, [...a, 'ngaySinh']);
  const bornB = textAt(record, [...b, 'ngaySinh']);
  return !bornA || !bornB || bornA === bornB;
}

/** Every `hoTen` in the entry with its path. */
function namePaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => namePaths(v, [...path, i]));
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => {
    if (key === 'danhDau') return [];
    if (key === 'hoTen' && typeof v === 'string') return [[...path, key]];
    return namePaths(v, [...path, key]);
  });
}

/** "Lưu Văn Hường (đã chết)": an annotation written into a name belongs in Ghi chú. */
export function nameAnnotationWarnings(record: unknown): RuleIssue[] {
  return namePaths(record).flatMap((path) => {
    const m = /[([].*[)\]]/.exec(textAt(record, path));
    return m
      ? [{ path, message: `Họ tên có phần ghi trong ngoặc "${m[0]}": chuyển phần này sang ô Ghi chú, chỉ giữ họ tên` }]
      : [];
  });
}

/** A field marked "Không đọc được" that still holds a value: the reading belongs under "Đọc chưa chắc". */
export function markConflictWarnings(record: unknown): RuleIssue[] {
  return markedPaths(record).flatMap(({ path, mark }) => {
    const steps = pathFromKey(path);
    return mark.khongDocDuoc === true && !isEmptyValue(valueAt(record, steps))
      ? [
          {
            path: steps,
            message:
              'Ô được đánh dấu "Không đọc được" nhưng vẫn có nội dung: nếu đã đọc được (dù chưa chắc), đánh dấu "Đọc chưa chắc"',
          },
        ]
      : [];
  });
}

/** Warnings every type shares: số, book opening date, names, identity numbers, marks. */
export function commonWarnings(
  record: unknown,
  people: PersonRef[],
  context: WarningContext,
  dateLabel = 'ngày đăng ký',
): RuleIssue[] {
  return [
    ...soWarnings(textAt(record, ['so']), textAt(record, ['ngayDangKy'])),
    ...bookOpenedWarnings(record, context, dateLabel),
    ...nameAnnotationWarnings(record),
    ...idWarnings(record, people),
    ...markConflictWarnings(record),
  ];
}

/**
 * Errors every type shares: registration fields, birth dates, identity numbers, issue dates of
 * identity documents not after today.
 */
export function commonErrors(
  record: unknown,
  people: PersonRef[],
  dateLabel = 'ngày đăng ký',
  now = new Date(),
): RuleIssue[] {
  return [
    ...registrationErrors(record, dateLabel, now),
    ...birthDateErrors(record, people, dateLabel, now),
    ...idErrors(record, people),
    ...futureDateErrors(
      record,
      people.map((p) => [...p.path, 'giayTo', 'ngayCap']),
      now,
    ),
  ];
}

/** The person blocks of a list field (e.g. the guardians), as PersonRefs. */
export function peopleInList(record: unknown, field: string, full = true): PersonRef[] {
  return listAt(record, [field]).map((_, i) => ({ path: [field, i], full }));
}

/** The items of a list field, read defensively. */
export function listAt(record: unknown, path: FieldPath): unknown[] {
  const value = valueAt(record, path);
  return Array.isArray(value) ? value : [];
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The Ministry's person (six Excel books): "Tên giấy tờ khác" is required when the identity
 * paper's kind is "Giấy tờ khác" (8), as the templates' GiayToKhac column asks. `who` names the
 * person in the message when the book has two of the same kind (KH: "bên chồng").
 */
export function otherPaperErrors(record: unknown, people: readonly (PersonRef & { who?: string })[]): RuleIssue[] {
  return people.flatMap((person) =>
    textAt(record, [...person.path, 'giayTo', 'loai']) === '8'
      ? missingUnlessMarked(
          record,
          [[...person.path, 'giayTo', 'khac']],
          requiredMessage(person.who ? `tên giấy tờ khác của ${person.who}` : 'tên giấy tờ khác'),
        )
      : [],
  );
}
