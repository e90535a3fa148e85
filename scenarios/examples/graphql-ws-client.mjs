// An example graphql-ws client module for ws-soak: keeps one subscription and retries at once
// when the fault proxy ends the connection. Install graphql-ws and ws in your project.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

export default function start({ url }) {
  const client = createClient({
    url, // the fault proxy's URL, with the server URL's path (/graphql)
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: Number.MAX_SAFE_INTEGER,
    shouldRetry: () => true,
    retryWait: () => new Promise((resolve) => setTimeout(resolve, 5)),
    onNonLazyError: () => {}, // the proxy ends connections on purpose
  });
  const unsubscribe = client.subscribe({ query: 'subscription { news }' }, { next() {}, error() {}, complete() {} });
  return {
    stop: async () => {
      unsubscribe();
      await Promise.resolve(client.dispose()).catch(() => {});
    },
  };
}
