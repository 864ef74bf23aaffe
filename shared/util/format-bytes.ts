// A size for a message: "256 MB", "12 KB".
export function formatBytes(n: number): string {
  return n >= 1 << 20 ? `${+(n / (1 << 20)).toFixed(1)} MB` : `${Math.round(n / 1024)} KB`;
}
