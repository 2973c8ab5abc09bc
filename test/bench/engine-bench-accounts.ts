/** The bench's accounts, derived from an index so the fake (a child process) and the bench agree without talking. */
export function benchAccount(index: number): { appId: string; secret: string } {
  const hex = (index + 1).toString(16).padStart(16, '0');
  return { appId: `wx${hex}`, secret: `${hex}${hex}` };
}
