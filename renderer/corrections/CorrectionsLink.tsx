/** The user bar's "Cần sửa" link, with the count of the district's requests still unanswered. */
import { useCorrections } from './use-corrections';

/** A sync in the background may bring new requests: the count is read again this often. */
const POLL_MS = 30_000;

export function CorrectionsLink() {
  const open = useCorrections({ state: 'open' }, POLL_MS);
  const count = open.data?.length ?? 0;
  return (
    <a href="#/can-sua" data-testid="corrections-link">
      Cần sửa{count > 0 ? ` (${count})` : ''}
    </a>
  );
}
