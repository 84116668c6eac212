/** Words of "Cần sửa" that several views share. */
import { describePath } from '../../shared/records/labels';
import { CORRECTION_ANSWER_LABELS, type CorrectionRequest } from '../../shared/review/review';
import type { DesktopCorrection } from '../../shared/review/corrections';

/** The field as the district named it, or as this app names its path. */
export function requestFieldLabel(request: Pick<CorrectionRequest, 'field' | 'fieldLabel'>): string {
  return request.fieldLabel.trim() || describePath(request.field);
}

export function shownValue(value: string): string {
  return value.trim() ? value : '(trống)';
}

export function formatWhen(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : at.toLocaleString('vi-VN');
}

/** "Đã sửa (phiên bản 3)" · "Giữ nguyên" */
export function answerText(request: DesktopCorrection): string {
  const answer = request.answer;
  if (!answer) return 'Chưa trả lời';
  const label = CORRECTION_ANSWER_LABELS[answer.kind];
  return answer.kind === 'corrected' && answer.entryVersion ? `${label} (phiên bản ${answer.entryVersion})` : label;
}

export function sentText(request: DesktopCorrection): string {
  return request.answer?.sent ? 'Đã gửi lên huyện' : 'Chờ gửi lên huyện';
}
