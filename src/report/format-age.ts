/** "42 s ago", "5 min ago", "2 h 5 min ago", "3 d 4 h ago"; a time in the future (clock skew) reads "just now". */
export function formatAge(then: string, now: Date): string {
  const seconds = Math.max(0, Math.floor((now.getTime() - Date.parse(then)) / 1000));
  if (Number.isNaN(seconds)) return "unknown";
  if (seconds < 5) return "just now";
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min ago`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h ago`;
}
