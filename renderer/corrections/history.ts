/**
 * The district's exchange about an entry, as lines of its history: each request (who asked, when,
 * what the reviewer read) and its answer (corrected in which version, or kept and why). The
 * requests and answers are audited by the review capability (entity 'correction'); the entry's
 * own history (records.history) has its versions, and the workspace shows both in time order.
 */
import type { DesktopCorrection } from '../../shared/review/corrections';
import { answerText, requestFieldLabel, shownValue } from './labels';

export interface CorrectionHistoryLine {
  key: string;
  at: string;
  actor: string;
  title: string;
  detail: string;
}

export function correctionHistory(corrections: readonly DesktopCorrection[]): CorrectionHistoryLine[] {
  const lines: CorrectionHistoryLine[] = [];
  for (const c of corrections) {
    const field = requestFieldLabel(c);
    lines.push({
      key: `${c.id}-request`,
      at: c.requestedAt,
      actor: c.requestedBy,
      title: `Huyện yêu cầu sửa (phiên bản ${c.entryVersion})`,
      detail: `${field}: đã nhập “${shownValue(c.typedValue)}”, huyện đọc là “${shownValue(c.readValue)}”${c.note ? ` — ${c.note}` : ''}`,
    });
    if (c.answer) {
      lines.push({
        key: `${c.id}-answer`,
        at: c.answer.answeredAt,
        actor: c.answer.answeredBy,
        title: `Trả lời yêu cầu sửa: ${answerText(c)}`,
        detail: `${field}${c.answer.reason ? ` — lý do: ${c.answer.reason}` : ''}`,
      });
    }
  }
  return lines.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
