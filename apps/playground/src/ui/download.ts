/** Saving bytes the worker made as a file, the way a browser saves a link's target. */
export function downloadBytes(bytes: Uint8Array<ArrayBuffer>, fileName: string): void {
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
  link.click();
  // Revoked a moment later: the download reads the Blob after the click event returns.
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 10_000);
}
