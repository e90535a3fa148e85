/** Servers bind to loopback by default; anything else is worth a warning before the run. */

/** True for 127.0.0.0/8, ::1 and localhost: addresses no other machine can reach. */
export function isLoopback(host: string): boolean {
  const h = host.trim().toLowerCase();
  return h === 'localhost' || h === '::1' || h === '[::1]' || /^127(\.\d{1,3}){3}$/.test(h);
}

export function nonLoopbackWarning(host: string): string | null {
  if (isLoopback(host)) return null;
  return (
    `server.host is ${host}: the server under soak is reachable from other machines for the length of the run. ` +
    'Use 127.0.0.1 unless you need otherwise.'
  );
}
