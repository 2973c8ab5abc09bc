/**
 * Offers `text` as a file to save: the browser's download (the preview), Electron's save dialog (the app asks where,
 * as for any download). Nothing leaves the machine.
 */
export function saveTextFile(fileName: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // The download has its own copy once started; the object URL only has to outlive the click.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
