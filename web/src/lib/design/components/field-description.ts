/**
 * The ids a form control's `aria-describedby` should list: its hint and, when
 * present, its error, so that a screen reader announces both on focus.
 */
export function describedBy(id: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}
