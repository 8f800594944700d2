/** `localhost`, `127.x.y.z` or `[::1]`, with or without a port: a Host header naming this machine. */
export function isLoopbackHostHeader(host: string): boolean {
  const name = host
    .trim()
    .toLowerCase()
    .replace(/:\d+$/, "")
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.$/, "");
  return name === "localhost" || name.endsWith(".localhost") || /^127(\.\d{1,3}){3}$/.test(name) || name === "::1";
}
