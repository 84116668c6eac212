/** Small pictures of every page; only those scrolled into view are drawn. */
import { useEffect, useRef, useState } from 'react';
import type { PageInfo } from '../../shared/books/book';
import type { PageRenderer } from './page-renderer';

function Thumbnail({
  page,
  renderer,
  current,
  hasEntries,
  onSelect,
}: {
  page: PageInfo;
  renderer: PageRenderer;
  current: boolean;
  hasEntries: boolean;
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
    if (current) button.current?.scrollIntoView({ block: 'nearest' });
  }, [current]);
  const turn = page.thumbSha256 && page.rotation ? ` rotate-${page.rotation}` : '';
  return (
    <li>
      <button
        ref={button}
        type="button"
        className={`thumb${current ? ' current' : ''}`}
        aria-current={current ? 'page' : undefined}
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
  return (
    <nav className="thumb-strip" aria-label="Hình thu nhỏ các trang">
      <ol>
        {pages.map((page, i) => (
          <Thumbnail
            key={page.id}
            page={page}
            renderer={renderer}
            current={i === pageIndex}
            hasEntries={pagesWithEntries.has(page.id)}
            onSelect={() => onSelect(i)}
          />
        ))}
      </ol>
    </nav>
  );
}
