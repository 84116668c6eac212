/**
 * The floor of the first page of a PDF book: bare pdf.js in Node (no app, no viewer, no worker
 * thread), opening the file and drawing its first page onto a canvas (pdf.js's own canvas
 * factory, over @napi-rs/canvas in Node) at `width` pixels wide, as the viewer draws it fit to width.
 */
import fs from 'node:fs/promises';

export async function barePdfJsFirstPage(file: string, width: number): Promise<number> {
  const started = performance.now();
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({ data: new Uint8Array(await fs.readFile(file)), verbosity: 0 });
  try {
    const document = await task.promise;
    const page = await document.getPage(1);
    const viewport = page.getViewport({ scale: width / page.getViewport({ scale: 1 }).width });
    // pdf.js's own canvas factory (in Node, over @napi-rs/canvas), not typed in its declarations.
    const factory = (document as unknown as { canvasFactory: { create(w: number, h: number): { canvas: unknown } } })
      .canvasFactory;
    const { canvas } = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
    await page.render({ canvas: canvas as HTMLCanvasElement, viewport }).promise;
    return performance.now() - started;
  } finally {
    await task.destroy();
  }
}
