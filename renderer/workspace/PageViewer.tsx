/** The scanned page: PDF pages rendered with pdf.js in a worker, images shown natively. */
import * as pdfjs from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { useEffect, useRef, useState } from 'react';
import type { PageInfo } from '../../shared/books/book';
import { api } from '../api/client';

pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;

/** One open document per scan file, reused while the clerk turns pages inside it. */
const documents = new Map<string, Promise<pdfjs.PDFDocumentProxy>>();

function openPdf(sha256: string): Promise<pdfjs.PDFDocumentProxy> {
  let doc = documents.get(sha256);
  if (!doc) {
    doc = pdfjs.getDocument({ url: api.scanUrl(sha256), withCredentials: true }).promise;
    doc.catch(() => documents.delete(sha256));
    documents.set(sha256, doc);
  }
  return doc;
}

function PdfPage({ page, label }: { page: PageInfo; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const renderKey = `${page.sha256}:${page.indexInFile}:${page.rotation}`;
  const [failed, setFailed] = useState<string>();
  useEffect(() => {
    let cancelled = false;
    let task: pdfjs.RenderTask | undefined;
    const target = canvas.current;
    openPdf(page.sha256)
      .then((doc) => doc.getPage(page.indexInFile + 1))
      .then((pdfPage) => {
        if (cancelled || !target) return;
        const width = target.parentElement?.clientWidth || 800;
        const base = pdfPage.getViewport({ scale: 1, rotation: pdfPage.rotate + page.rotation });
        const scale = width / base.width;
        const ratio = window.devicePixelRatio || 1;
        const viewport = pdfPage.getViewport({ scale: scale * ratio, rotation: pdfPage.rotate + page.rotation });
        target.width = Math.floor(viewport.width);
        target.height = Math.floor(viewport.height);
        target.style.width = `${Math.floor(viewport.width / ratio)}px`;
        target.style.height = `${Math.floor(viewport.height / ratio)}px`;
        task = pdfPage.render({ canvas: target, viewport });
        return task.promise;
      })
      .then(() => {
        if (!cancelled) target?.setAttribute('data-rendered', 'true');
      })
      .catch((e: unknown) => {
        if (!cancelled && (e as { name?: string }).name !== 'RenderingCancelledException') {
          setFailed(renderKey);
        }
      });
    return () => {
      cancelled = true;
      task?.cancel();
      target?.removeAttribute('data-rendered');
    };
    // renderKey stands for the three page fields it is made of.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [renderKey]);
  if (failed === renderKey) return <p role="alert">Không hiển thị được trang này của tệp PDF</p>;
  return <canvas ref={canvas} className="page-canvas" role="img" aria-label={label} />;
}

export function PageViewer({ page, label }: { page: PageInfo; label: string }) {
  if (page.mediaType === 'application/pdf') return <PdfPage key={page.id} page={page} label={label} />;
  return <img className="page-image" src={api.scanUrl(page.sha256)} alt={label} data-rendered="true" />;
}
