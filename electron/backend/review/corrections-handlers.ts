/**
 * The "Cần sửa" methods of the API (shared/api/contract.ts); records.update with
 * `correctionRequestIds` is answered by the records handlers through `updateAnswering`.
 */
import type { HandlerTable } from '../api/handler-table';
import type { CorrectionsService } from './corrections-service';

type CorrectionMethods = 'corrections.list' | 'corrections.keep';

export function correctionsHandlers(service: CorrectionsService): HandlerTable<CorrectionMethods> {
  return {
    'corrections.list': (input) => service.list(input),
    'corrections.keep': (input) => service.keep(input),
  };
}
