/** A message carried from one screen to the next (e.g. files skipped while creating a book). */
let pending: string | undefined;

export function setNotice(message: string): void {
  pending = message;
}

export function takeNotice(): string | undefined {
  const message = pending;
  pending = undefined;
  return message;
}
