/**
 * Rectangles on a page are stored in the page's own coordinates (0–1 of its width and height,
 * before the clerk's rotation), so that turning a sideways photo never moves an entry's box.
 */
import type { Rotation } from '../books/book';

export interface NormRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

type Point = [number, number];

/** Where a point of the page lands after turning it clockwise by `rotation`. */
function rotatePoint([x, y]: Point, rotation: Rotation): Point {
  switch (rotation) {
    case 90:
      return [1 - y, x];
    case 180:
      return [1 - x, 1 - y];
    case 270:
      return [y, 1 - x];
    default:
      return [x, y];
  }
}

function rotateRect(rect: NormRect, rotation: Rotation): NormRect {
  const [ax, ay] = rotatePoint([rect.x, rect.y], rotation);
  const [bx, by] = rotatePoint([rect.x + rect.w, rect.y + rect.h], rotation);
  return { x: Math.min(ax, bx), y: Math.min(ay, by), w: Math.abs(bx - ax), h: Math.abs(by - ay) };
}

/** A stored rectangle as it appears on the page turned by `rotation`. */
export function pageRectToDisplay(rect: NormRect, rotation: Rotation): NormRect {
  return rotateRect(rect, rotation);
}

/** A rectangle drawn on the turned page, in the page's own coordinates. */
export function displayRectToPage(rect: NormRect, rotation: Rotation): NormRect {
  return rotateRect(rect, ((360 - rotation) % 360) as Rotation);
}

/** The rectangle spanned by two points of a drag, clamped to the page. */
export function rectFromDrag(a: Point, b: Point): NormRect {
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  const [x1, y1] = [clamp(a[0]), clamp(a[1])];
  const [x2, y2] = [clamp(b[0]), clamp(b[1])];
  return { x: Math.min(x1, x2), y: Math.min(y1, y2), w: Math.abs(x2 - x1), h: Math.abs(y2 - y1) };
}

export function nextRotation(rotation: Rotation, clockwise: boolean): Rotation {
  return ((rotation + (clockwise ? 90 : 270)) % 360) as Rotation;
}

/** Page size as shown after the clerk's rotation. */
export function displaySize(width: number, height: number, rotation: Rotation): { width: number; height: number } {
  return rotation === 90 || rotation === 270 ? { width: height, height: width } : { width, height };
}
