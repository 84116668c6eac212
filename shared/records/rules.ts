/**
 * Rules on entries, written once and used by the form, the backend write path and the CLI.
 * Errors block saving; warnings are shown and saved with the entry.
 */
import { fullYearsBetween, isCertainlyAfter, parseIsoPartialDate, todayAsPartialDate } from '../dates/partial-date';
import { foldForSearch } from '../text/normalize';
import { SO_PATTERN } from './fields';

export interface RuleIssue {
  path: (string | number)[];
  message: string;
}

interface RegistrationDates {
  ngayDangKy?: string;
  ngayDangKyKhongRo?: boolean;
}

/** Registration date given or explicitly unknown; birth ≤ registration ≤ today. */
export function registrationDateErrors(
  record: RegistrationDates,
  people: { path: (string | number)[]; ngaySinh?: string }[],
  now: Date = new Date(),
): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const registered = record.ngayDangKy ? parseIsoPartialDate(record.ngayDangKy) : undefined;
  if (!record.ngayDangKy && !record.ngayDangKyKhongRo) {
    issues.push({ path: ['ngayDangKy'], message: 'Nhập ngày đăng ký, hoặc đánh dấu "Không rõ ngày đăng ký"' });
  }
  if (registered && isCertainlyAfter(registered, todayAsPartialDate(now))) {
    issues.push({ path: ['ngayDangKy'], message: 'Ngày đăng ký không thể sau ngày hôm nay' });
  }
  for (const person of people) {
    const born = person.ngaySinh ? parseIsoPartialDate(person.ngaySinh) : undefined;
    if (!born) continue;
    if (isCertainlyAfter(born, todayAsPartialDate(now))) {
      issues.push({ path: [...person.path, 'ngaySinh'], message: 'Ngày sinh không thể sau ngày hôm nay' });
    } else if (registered && isCertainlyAfter(born, registered)) {
      issues.push({ path: [...person.path, 'ngaySinh'], message: 'Ngày sinh không thể sau ngày đăng ký' });
    }
  }
  return issues;
}

/** Splits "12/2018" into its number and year; undefined parts when the book wrote something else. */
export function parseSo(so: string): { number?: number; year?: number } {
  const m = SO_PATTERN.exec(so.trim());
  if (!m) return {};
  return { number: Number(m[1]), year: m[2] ? Number(m[2]) : undefined };
}

export function soWarnings(so: string, ngayDangKy: string | undefined): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const parsed = parseSo(so);
  if (parsed.number === undefined) {
    issues.push({ path: ['so'], message: 'Số không theo dạng n/yyyy (ví dụ 01/2018); giữ nguyên như trong sổ' });
    return issues;
  }
  const registered = ngayDangKy ? parseIsoPartialDate(ngayDangKy) : undefined;
  if (parsed.year !== undefined && registered && parsed.year !== registered.year) {
    issues.push({
      path: ['so'],
      message: `Năm trong số (${parsed.year}) khác năm đăng ký (${registered.year})`,
    });
  }
  return issues;
}

interface GuardianshipLike {
  so: string;
  ngayDangKy?: string;
  nguoiGiamHo: { hoTen: string; ngaySinh?: string }[];
  nguoiDuocGiamHo: { hoTen: string; ngaySinh?: string };
}

/** Warnings for a GH entry: numbering, ward under 18, guardian adult, guardian ≠ ward. */
export function guardianshipWarnings(record: GuardianshipLike): RuleIssue[] {
  const issues = soWarnings(record.so, record.ngayDangKy);
  const registered = record.ngayDangKy ? parseIsoPartialDate(record.ngayDangKy) : undefined;
  const ward = record.nguoiDuocGiamHo;
  const wardBorn = ward.ngaySinh ? parseIsoPartialDate(ward.ngaySinh) : undefined;
  if (registered && wardBorn) {
    const age = fullYearsBetween(wardBorn, registered) ?? registered.year - wardBorn.year;
    if (age >= 18) {
      issues.push({
        path: ['nguoiDuocGiamHo', 'ngaySinh'],
        message: `Người được giám hộ đã ${age} tuổi khi đăng ký; ghi rõ lý do trong Ghi chú nếu sổ ghi đúng như vậy`,
      });
    }
  }
  record.nguoiGiamHo.forEach((guardian, i) => {
    const born = guardian.ngaySinh ? parseIsoPartialDate(guardian.ngaySinh) : undefined;
    if (registered && born) {
      const age = fullYearsBetween(born, registered) ?? registered.year - born.year;
      if (age < 18) {
        issues.push({ path: ['nguoiGiamHo', i, 'ngaySinh'], message: `Người giám hộ mới ${age} tuổi khi đăng ký` });
      }
    }
    if (
      foldForSearch(guardian.hoTen) === foldForSearch(ward.hoTen) &&
      (guardian.ngaySinh ?? '') === (ward.ngaySinh ?? '')
    ) {
      issues.push({ path: ['nguoiGiamHo', i, 'hoTen'], message: 'Người giám hộ trùng với người được giám hộ' });
    }
  });
  return issues;
}
