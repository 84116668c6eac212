import type { HandlerTable } from '../api/handler-table';
import type { RecordsService } from './records-service';

export function recordsHandlers(
  records: RecordsService,
): HandlerTable<'records.list' | 'records.get' | 'records.create' | 'records.update'> {
  return {
    'records.list': (input) => records.list(input),
    'records.get': ({ id }) => records.get(id),
    'records.create': (input) => records.create(input),
    'records.update': (input) => records.update(input),
  };
}
