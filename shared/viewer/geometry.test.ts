import { describe, expect, it } from 'vitest';
import { ROTATIONS } from '../books/book';
import { displayRectToPage, displaySize, nextRotation, pageRectToDisplay, rectFromDrag } from './geometry';

const close = (a: object, b: object) =>
  Object.entries(b).forEach(([k, v]) => expect((a as Record<string, number>)[k]).toBeCloseTo(v as number, 9));

describe('page rectangles under rotation', () => {
  const rect = { x: 0.1, y: 0.2, w: 0.3, h: 0.1 };

  it('turns the top-left corner of the page to the top-right at 90°', () => {
    close(pageRectToDisplay(rect, 90), { x: 0.7, y: 0.1, w: 0.1, h: 0.3 });
    close(pageRectToDisplay(rect, 180), { x: 0.6, y: 0.7, w: 0.3, h: 0.1 });
    close(pageRectToDisplay(rect, 270), { x: 0.2, y: 0.6, w: 0.1, h: 0.3 });
  });

  it.each(ROTATIONS)('gives back the stored rectangle at %i°', (rotation) => {
    close(displayRectToPage(pageRectToDisplay(rect, rotation), rotation), rect);
  });

  it('builds a rectangle from a drag in any direction, clamped to the page', () => {
    expect(rectFromDrag([0.5, 0.5], [0.25, 0.75])).toEqual({ x: 0.25, y: 0.5, w: 0.25, h: 0.25 });
    expect(rectFromDrag([-0.2, 0.9], [0.5, 1.4])).toEqual({ x: 0, y: 0.9, w: 0.5, h: 0.09999999999999998 });
  });

  it('turns by quarters and swaps width and height sideways', () => {
    expect(nextRotation(270, true)).toBe(0);
    expect(nextRotation(0, false)).toBe(270);
    expect(displaySize(595, 842, 90)).toEqual({ width: 842, height: 595 });
    expect(displaySize(595, 842, 180)).toEqual({ width: 595, height: 842 });
  });
});
