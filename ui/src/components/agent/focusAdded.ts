// Keyboard users land in what they just added: after a row (tool, argument, node, edge) is
// added, the focus moves to a field of the last row inside `scope`.
export function focusLastRow(scope: Element | null, rowSelector: string, fieldSelector = "input, select, textarea"): void {
  window.setTimeout(() => {
    const rows = scope?.querySelectorAll(rowSelector);
    const row = rows?.[rows.length - 1];
    row?.querySelector<HTMLElement>(fieldSelector)?.focus();
  }, 0);
}
