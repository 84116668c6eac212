/**
 * Small pictures of every page; only those scrolled into view are drawn. The strip is one tab
 * stop (the current page's picture): arrow keys, Home and End inside it turn the page.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { PageInfo } from '../../shared/books/book';
import type { PageRenderer } from './page-renderer';

function Thumbnail({
  page,
  renderer,
  current,
  hasEntries,
  takeFocus,
  onSelect,
}: {
  page: PageInfo;
  renderer: PageRenderer;
  current: boolean;
  hasEntries: boolean;
  /** The clerk is moving through the strip with the keyboard: the current picture gets focus. */
  takeFocus: boolean;
  onSelect: () => void;
}) {
  const button = useRef<HTMLButtonElement>(null);
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    const element = button.current;
    if (!element) return;
    let alive = true;
    const observer = new IntersectionObserver(([entry]) => {
      if (!entry?.isIntersecting) return;
      observer.disconnect();
      renderer.thumbnail(page).then(
        (u) => alive && setUrl(u),
        () => {},
      );
    });
    observer.observe(element);
    return () => {
      alive = false;
      observer.disconnect();
    };
  }, [page, renderer]);
  useEffect(() => {
    if (!current) return;
    button.current?.scrollIntoView({ block: 'nearest' });
    if (takeFocus) button.current?.focus();
  }, [current, takeFocus]);
  const turn = page.thumbSha256 && page.rotation ? ` rotate-${page.rotation}` : '';
  return (
    <li>
      <button
        ref={button}
        type="button"
        className={`thumb${current ? ' current' : ''}`}
        aria-current={current ? 'page' : undefined}
        tabIndex={current ? 0 : -1}
        aria-label={`Trang ${page.pageNo}${hasEntries ? ', đã có trường hợp' : ''}`}
        onClick={onSelect}
      >
        {url ? <img src={url} alt="" className={`thumb-image${turn}`} /> : <span className="thumb-placeholder" />}
        <span className="thumb-number">
          {page.pageNo}
          {hasEntries ? ' ✓' : ''}
        </span>
      </button>
    </li>
  );
}

export function ThumbnailStrip({
  pages,
  renderer,
  pageIndex,
  pagesWithEntries,
  onSelect,
}: {
  pages: PageInfo[];
  renderer: PageRenderer;
  pageIndex: number;
  pagesWithEntries: Set<string>;
  onSelect: (index: number) => void;
}) {
  // Set when an arrow key moved the page: focus follows it (not when the page turns otherwise).
  const [keyboard, setKeyboard] = useState(false);
  function onKeyDown(event: KeyboardEvent<HTMLOListElement>) {
    const last = pages.length - 1;
    const target: Record<string, number> = {
      ArrowDown: pageIndex + 1,
      ArrowRight: pageIndex + 1,
      ArrowUp: pageIndex - 1,
      ArrowLeft: pageIndex - 1,
      Home: 0,
      End: last,
    };
    const next = target[event.key];
    if (next === undefined || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    setKeyboard(true);
    onSelect(Math.min(last, Math.max(0, next)));
  }
  return (
    <nav className="thumb-strip" aria-label="Hình thu nhỏ các trang (phím mũi tên để lật trang)">
      <ol onKeyDown={onKeyDown} onBlur={() => setKeyboard(false)}>
        {pages.map((page, i) => (
          <Thumbnail
            key={page.id}
            page={page}
            renderer={renderer}
            current={i === pageIndex}
            hasEntries={pagesWithEntries.has(page.id)}
            takeFocus={keyboard}
            onSelect={() => onSelect(i)}
          />
        ))}
      </ol>
    </nav>
  );
}
